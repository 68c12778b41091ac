"""Divides the summed squared errors by the number of rows n instead of all n k entries."""
def mse(y_hat, y):
    y_hat, y = np.asarray(y_hat, dtype=float), np.asarray(y, dtype=float)
    return float(np.sum((y_hat - y) ** 2) / len(y))
