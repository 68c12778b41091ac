"""Keeps the units with u < p, i.e. keeps each unit with probability p instead of 1 - p."""
def dropout_forward(x, p, u, training):
    x, u = np.asarray(x, dtype=float), np.asarray(u, dtype=float)
    if not training:
        return x
    if p == 1:
        return np.zeros_like(x)
    return np.where(u < p, x / (1 - p), 0.0)
