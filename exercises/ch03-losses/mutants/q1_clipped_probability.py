"""Forms sigma(z) and clips it to [1e-12, 1 - 1e-12] before the log: finite but not exact."""
def weighted_bce_with_logits(z, y, w):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    e = np.exp(-np.abs(z))
    p = np.clip(np.where(z >= 0, 1 / (1 + e), e / (1 + e)), 1e-12, 1 - 1e-12)
    return float(-np.mean(w * y * np.log(p) + (1 - y) * np.log(1 - p)))
