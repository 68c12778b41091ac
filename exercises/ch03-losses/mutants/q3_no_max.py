"""Forgets the max(z, 0) term of log(1 + e^z) = max(z, 0) + log(1 + e^{-|z|})."""
def binary_cross_entropy_with_logits(z, y):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    return float(np.mean(-z * y + np.log1p(np.exp(-np.abs(z)))))
