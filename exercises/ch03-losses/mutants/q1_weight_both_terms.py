"""Multiplies the whole per-example loss by w."""
def weighted_bce_with_logits(z, y, w):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    sp = lambda x: np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))
    return float(w * np.mean(y * sp(-z) + (1 - y) * sp(z)))
