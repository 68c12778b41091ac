"""Takes the square root: the root mean squared error, not the mean squared error."""
def mse(y_hat, y):
    y_hat, y = np.asarray(y_hat, dtype=float), np.asarray(y, dtype=float)
    return float(np.sqrt(np.mean((y_hat - y) ** 2)))
