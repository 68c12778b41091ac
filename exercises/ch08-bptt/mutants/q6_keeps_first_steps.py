"""Truncation keeps the first k steps' terms instead of the last k."""
def tbptt_scalar(w, x, h_0, k):
    T = len(x)
    h = [float(h_0)]
    for x_t in x:
        h.append(w * h[-1] + float(x_t))
    terms = [w ** (T - t) * h[t - 1] for t in range(1, T + 1)]
    return float(sum(terms)), float(sum(terms[:k]))
