"""optimizer.step() inside the loop: one step per micro-batch, each on its weighted share."""
def accumulated_step(w, b, X, y, micro_batches, lr):
    w, X, y = np.asarray(w, dtype=float), np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    N, start = len(y), 0
    for n in micro_batches:
        X_k, y_k = X[start:start + n], y[start:start + n]
        start += n
        r = X_k @ w + b - y_k
        w = w - lr * (n / N) * 2.0 / n * X_k.T @ r
        b = b - lr * (n / N) * 2.0 / n * r.sum()
    return w, b
