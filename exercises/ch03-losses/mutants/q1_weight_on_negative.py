"""The weight on the negative term (1 - y) instead of the positive one."""
def weighted_bce_with_logits(z, y, w):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    sp = lambda x: np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))
    return float(np.mean(y * sp(-z) + w * (1 - y) * sp(z)))
