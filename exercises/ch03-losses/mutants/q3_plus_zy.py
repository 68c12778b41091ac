"""Sign error: + z y instead of - z y."""
def binary_cross_entropy_with_logits(z, y):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    return float(np.mean(np.maximum(z, 0.0) + z * y + np.log1p(np.exp(-np.abs(z)))))
