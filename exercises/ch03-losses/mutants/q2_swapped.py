"""The two terms swapped: y pairs with log(1 - p) and 1 - y with log p."""
def binary_cross_entropy(p, y):
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    eps = np.exp(-100.0)
    return float(-np.mean(y * np.log(np.maximum(1 - p, eps)) + (1 - y) * np.log(np.maximum(p, eps))))
