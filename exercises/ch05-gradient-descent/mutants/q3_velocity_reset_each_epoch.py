"""Fixes every bug but one: the velocity is still reset to zero at the start of every epoch."""
def train_momentum_fixed(w, X, y, eta, mu, batch_size, epochs):
    w = np.array(w, dtype=float)
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n = len(y)
    for _ in range(epochs):
        v = np.zeros_like(w)
        for start in range(0, n, batch_size):
            X_B, y_B = X[start:start + batch_size], y[start:start + batch_size]
            g = 2 / len(y_B) * X_B.T @ (X_B @ w - y_B)
            v = mu * v + g
            w = w - eta * v
    return w
