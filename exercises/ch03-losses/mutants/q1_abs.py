"""Mean absolute error instead of mean squared error."""
def mse(y_hat, y):
    y_hat, y = np.asarray(y_hat, dtype=float), np.asarray(y, dtype=float)
    return float(np.mean(np.abs(y_hat - y)))
