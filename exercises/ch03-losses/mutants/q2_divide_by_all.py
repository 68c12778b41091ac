"""Zeroes the missing errors but divides by every entry, N, not the observed M."""
def masked_mse(y_hat, y):
    y_hat, y = np.asarray(y_hat, dtype=float), np.asarray(y, dtype=float)
    err = np.nan_to_num(y_hat - y)
    return float(np.mean(err ** 2)), 2 * err / err.size
