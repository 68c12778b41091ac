"""Spreads eps over the k - 1 wrong classes only."""
def smoothed_cross_entropy(Z, y, eps):
    Z, y = np.asarray(Z, dtype=float), np.asarray(y)
    n, k = Z.shape
    Y = np.zeros((n, k))
    Y[np.arange(n), y] = 1.0
    q = (1 - eps) * Y + eps / (k - 1) * (1 - Y)
    s = Z - Z.max(axis=1, keepdims=True)
    log_p = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    return float(-np.sum(q * log_p) / n), (np.exp(log_p) - q) / n
