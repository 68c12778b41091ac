"""Right step, but w -= ... writes into the caller's array."""
def accumulated_step(w, b, X, y, micro_batches, lr):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    N, start = len(y), 0
    g_w, g_b = np.zeros_like(w), 0.0
    for n in micro_batches:
        X_k, y_k = X[start:start + n], y[start:start + n]
        start += n
        r = X_k @ w + b - y_k
        g_w += 2.0 / N * X_k.T @ r
        g_b += 2.0 / N * r.sum()
    w -= lr * g_w
    return w, b - lr * g_b
