"""Accumulates the batch gradients and steps once per epoch: that is full-batch descent, not SGD."""
def minibatch_sgd(w, X, y, eta, batch_size, epochs):
    w = np.array(w, dtype=float)
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    for _ in range(epochs):
        total, count = np.zeros_like(w), 0
        for start in range(0, len(y), batch_size):
            X_B, y_B = X[start:start + batch_size], y[start:start + batch_size]
            total += 2 / len(y_B) * X_B.T @ (X_B @ w - y_B)
            count += 1
        w = w - eta * total / count
    return w
