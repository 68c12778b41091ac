"""Off by one: the state detached before step T - k + 2, keeping only k - 1 terms."""
def tbptt_scalar(w, x, h_0, k):
    T = len(x)
    h = [float(h_0)]
    for x_t in x:
        h.append(w * h[-1] + float(x_t))
    terms = [w ** (T - t) * h[t - 1] for t in range(1, T + 1)]
    return float(sum(terms)), float(sum(terms[max(T - k + 1, 0):]))
