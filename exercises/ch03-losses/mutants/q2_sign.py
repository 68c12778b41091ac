"""Missing minus sign: returns the mean log-likelihood (negative) instead of the loss."""
def binary_cross_entropy(p, y):
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    eps = np.exp(-100.0)
    return float(np.mean(y * np.log(np.maximum(p, eps)) + (1 - y) * np.log(np.maximum(1 - p, eps))))
