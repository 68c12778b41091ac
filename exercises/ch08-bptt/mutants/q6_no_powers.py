"""Each use of w counted once, without carrying it to h_T: sum of h_(t-1)."""
def tbptt_scalar(w, x, h_0, k):
    T = len(x)
    h = [float(h_0)]
    for x_t in x:
        h.append(w * h[-1] + float(x_t))
    terms = h[:T]
    return float(sum(terms)), float(sum(terms[max(T - k, 0):]))
