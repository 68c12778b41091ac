"""A backward pass: the gradient flowing into h_(t-1) is multiplied by w each step; the cut stops it."""
def tbptt_scalar(w, x, h_0, k):
    xs = [float(v) for v in x]
    T = len(xs)
    h = [float(h_0)]
    for x_t in xs:
        h.append(w * h[-1] + x_t)

    def backward(stop):
        grad_h, grad_w = 1.0, 0.0           # dJ/dh_T = 1
        for t in range(T, stop, -1):        # step t: h_t = w h_(t-1) + x_t
            grad_w += grad_h * h[t - 1]
            grad_h *= w
        return grad_w

    return backward(0), backward(max(T - k, 0))
