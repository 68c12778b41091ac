"""Clips p to [1e-12, 1 - 1e-12]: finite, but a certain wrong prediction costs 27.6 instead of 100."""
def binary_cross_entropy(p, y):
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
