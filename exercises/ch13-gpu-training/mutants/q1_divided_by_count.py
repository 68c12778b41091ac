"""Each micro-batch's loss divided by the number of micro-batches: right only when they are equal."""
def accumulated_step(w, b, X, y, micro_batches, lr):
    w, X, y = np.asarray(w, dtype=float), np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    K = len(micro_batches)
    g_w, g_b, start = np.zeros_like(w), 0.0, 0
    for n in micro_batches:
        X_k, y_k = X[start:start + n], y[start:start + n]
        start += n
        r = X_k @ w + b - y_k
        g_w = g_w + 2.0 / n * X_k.T @ r / K
        g_b = g_b + 2.0 / n * r.sum() / K
    return w - lr * g_w, b - lr * g_b
