"""Fills the missing targets with the predictions, in the caller's array."""
def masked_mse(y_hat, y):
    y_hat, y = np.asarray(y_hat, dtype=float), np.asarray(y, dtype=float)
    missing = np.isnan(y)
    M = (~missing).sum()
    y[missing] = y_hat[missing]
    return float(np.sum((y_hat - y) ** 2) / M), 2 * (y_hat - y) / M
