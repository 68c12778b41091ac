"""Averages over the batch axis only: an array of per-column losses, not one number."""
def mse(y_hat, y):
    y_hat, y = np.asarray(y_hat, dtype=float), np.asarray(y, dtype=float)
    return np.mean((y_hat - y) ** 2, axis=0)
