"""Gradient of (y - y_hat)^2 taken as 2 (y - y_hat) / M: the sign is wrong."""
def masked_mse(y_hat, y):
    y_hat, y = np.asarray(y_hat, dtype=float), np.asarray(y, dtype=float)
    obs = ~np.isnan(y)
    err = np.where(obs, np.nan_to_num(y) - y_hat, 0.0)
    return float(np.sum(err ** 2) / obs.sum()), 2 * err / obs.sum()
