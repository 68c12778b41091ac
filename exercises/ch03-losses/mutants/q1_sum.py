"""Sum over the batch instead of the mean."""
def weighted_bce_with_logits(z, y, w):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    sp = lambda x: np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))
    return float(np.sum(w * y * sp(-z) + (1 - y) * sp(z)))
