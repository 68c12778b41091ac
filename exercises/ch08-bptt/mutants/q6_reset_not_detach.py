"""Truncation by restarting the state from 0 before the last k steps, which changes the states."""
def tbptt_scalar(w, x, h_0, k):
    T = len(x)
    h = [float(h_0)]
    for x_t in x:
        h.append(w * h[-1] + float(x_t))
    full = sum(w ** (T - t) * h[t - 1] for t in range(1, T + 1))
    if k >= T:
        return float(full), float(full)
    g = [0.0]
    for x_t in x[T - k:]:
        g.append(w * g[-1] + float(x_t))
    return float(full), float(sum(w ** (k - j) * g[j - 1] for j in range(1, k + 1)))
