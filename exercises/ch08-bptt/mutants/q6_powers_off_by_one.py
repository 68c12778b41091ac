"""w^(T - t + 1) h_(t-1): one power of w too many in every term."""
def tbptt_scalar(w, x, h_0, k):
    T = len(x)
    h = [float(h_0)]
    for x_t in x:
        h.append(w * h[-1] + float(x_t))
    terms = [w ** (T - t + 1) * h[t - 1] for t in range(1, T + 1)]
    return float(sum(terms)), float(sum(terms[max(T - k, 0):]))
