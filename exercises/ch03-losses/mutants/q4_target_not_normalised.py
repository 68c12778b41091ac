"""Smooths only the wrong classes: true class 1 - eps, others eps / k (q does not sum to 1)."""
def smoothed_cross_entropy(Z, y, eps):
    Z, y = np.asarray(Z, dtype=float), np.asarray(y)
    n, k = Z.shape
    q = np.full((n, k), eps / k)
    q[np.arange(n), y] = 1 - eps
    s = Z - Z.max(axis=1, keepdims=True)
    log_p = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    return float(-np.sum(q * log_p) / n), (np.exp(log_p) - q) / n
