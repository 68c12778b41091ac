"""Divides by the sum of the weights (a weighted mean) instead of by n."""
def weighted_bce_with_logits(z, y, w):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    sp = lambda x: np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))
    return float(np.sum(w * y * sp(-z) + (1 - y) * sp(z)) / np.sum(w * y + (1 - y)))
