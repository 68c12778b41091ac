"""Keeps the colleague's convention v = mu v + eta g, w = w - v (the same weights when eta is constant), fixing only the real bugs."""
def train_momentum_fixed(w, X, y, eta, mu, batch_size, epochs):
    w = np.asarray(w, dtype=float).copy()
    n = len(y)
    v = np.zeros_like(w)
    for epoch in range(epochs):
        start = 0
        while start < n:
            X_B = X[start:start + batch_size]
            y_B = y[start:start + batch_size]
            g = 2 / X_B.shape[0] * X_B.T @ (X_B @ w - y_B)
            v = mu * v + eta * g
            w = w - v
            start += batch_size
    return w
