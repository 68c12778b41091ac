"""Scales the kept units by 1 / p instead of 1 / (1 - p)."""
def dropout_forward(x, p, u, training):
    x, u = np.asarray(x, dtype=float), np.asarray(u, dtype=float)
    if not training:
        return x
    if p == 0:
        return x
    return np.where(u >= p, x / p, 0.0)
