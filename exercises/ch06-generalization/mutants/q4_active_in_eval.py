"""Ignores the mode: units are dropped in evaluation too, so predictions are random."""
def dropout_forward(x, p, u, training):
    x, u = np.asarray(x, dtype=float), np.asarray(u, dtype=float)
    if p == 1:
        return np.zeros_like(x)
    return np.where(u >= p, x / (1 - p), 0.0)
