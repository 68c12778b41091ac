"""Squares the mean error instead of averaging the squared errors: errors of opposite sign cancel."""
def mse(y_hat, y):
    y_hat, y = np.asarray(y_hat, dtype=float), np.asarray(y, dtype=float)
    return float(np.mean(y_hat - y) ** 2)
