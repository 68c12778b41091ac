"""Right J, but the gradient divides by all N entries."""
def masked_mse(y_hat, y):
    y_hat, y = np.asarray(y_hat, dtype=float), np.asarray(y, dtype=float)
    err = np.nan_to_num(y_hat - y)
    return float(np.nanmean((y_hat - y) ** 2)), 2 * err / err.size
