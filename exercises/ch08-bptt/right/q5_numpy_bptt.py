"""No autograd at all: BPTT by hand in numpy inside each window, then clipping by the global norm."""
def train_tbptt(params, X, Y, k, eta, max_norm):
    W = {name: np.array(params[name], dtype=float) for name in ("W_xh", "W_hh", "W_hy")}
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    B, T, _ = X.shape
    h = np.zeros((B, W["W_hh"].shape[0]))
    norms = []
    for start in range(0, T, k):
        stop = min(start + k, T)
        hs = [h]                                   # the carried value; nothing flows back past it
        for t in range(start, stop):
            hs.append(np.tanh(X[:, t] @ W["W_xh"].T + hs[-1] @ W["W_hh"].T))
        n = B * (stop - start) * Y.shape[2]
        g = {name: np.zeros_like(w) for name, w in W.items()}
        dh = np.zeros_like(h)
        for j in range(stop - start, 0, -1):
            t = start + j - 1
            dy = 2.0 * (hs[j] @ W["W_hy"].T - Y[:, t]) / n
            g["W_hy"] += dy.T @ hs[j]
            delta = (dy @ W["W_hy"] + dh) * (1.0 - hs[j] ** 2)
            g["W_hh"] += delta.T @ hs[j - 1]
            g["W_xh"] += delta.T @ X[:, t]
            dh = delta @ W["W_hh"]
        total = math.sqrt(sum(float(np.sum(v ** 2)) for v in g.values()))
        norms.append(total)
        scale = min(1.0, max_norm / (total + 1e-6))
        W = {name: W[name] - eta * scale * g[name] for name in W}
        h = hs[-1]
    return W, norms
