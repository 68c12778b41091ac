"""-log sigma(z) = logaddexp(0, -z), -log(1 - sigma(z)) = logaddexp(0, z)."""
def weighted_bce_with_logits(z, y, w):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    return np.mean(w * y * np.logaddexp(0.0, -z) + (1 - y) * np.logaddexp(0.0, z))
