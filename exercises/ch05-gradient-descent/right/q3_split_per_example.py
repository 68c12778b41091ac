"""Batches from np.split at multiples of batch_size; the gradient as the mean of per-example gradients."""
def train_momentum_fixed(w, X, y, eta, mu, batch_size, epochs):
    X, y = np.array(X, dtype=np.float64), np.array(y, dtype=np.float64)
    w = np.array(w, dtype=np.float64)
    batches = np.split(np.arange(len(y)), range(batch_size, len(y), batch_size))
    v = np.zeros(w.shape)
    for _ in range(epochs):
        for idx in batches:
            per_example = 2 * (X[idx] @ w - y[idx])[:, None] * X[idx]
            v = mu * v + per_example.mean(axis=0)
            w = w - eta * v
    return w
