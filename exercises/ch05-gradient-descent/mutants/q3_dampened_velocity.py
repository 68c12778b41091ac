"""A 'fix' that breaks it: the velocity made an average, v = mu v + (1 - mu) g, which is not torch's momentum."""
def train_momentum_fixed(w, X, y, eta, mu, batch_size, epochs):
    w = np.array(w, dtype=float)
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n = len(y)
    v = np.zeros_like(w)
    for _ in range(epochs):
        for start in range(0, n, batch_size):
            X_B, y_B = X[start:start + batch_size], y[start:start + batch_size]
            g = 2 / len(y_B) * X_B.T @ (X_B @ w - y_B)
            v = mu * v + (1 - mu) * g
            w = w - eta * v
    return w
