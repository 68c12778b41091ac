"""Drops units but does not scale the survivors by 1 / (1 - p): the expected output shrinks to (1 - p) x in training."""
def dropout_forward(x, p, u, training):
    x, u = np.asarray(x, dtype=float), np.asarray(u, dtype=float)
    if not training:
        return x
    return np.where(u >= p, x, 0.0)
