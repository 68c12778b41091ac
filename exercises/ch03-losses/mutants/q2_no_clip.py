"""No clipping: log(0) = -inf for p = 0 or 1, and 0 * log(0) = nan."""
def binary_cross_entropy(p, y):
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
