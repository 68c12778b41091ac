"""Forgets the 2 from differentiating the square: the gradient is half what it should be."""
def minibatch_sgd(w, X, y, eta, batch_size, epochs):
    w = np.array(w, dtype=float)
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    for _ in range(epochs):
        for start in range(0, len(y), batch_size):
            X_B, y_B = X[start:start + batch_size], y[start:start + batch_size]
            w = w - eta / len(y_B) * X_B.T @ (X_B @ w - y_B)
    return w
