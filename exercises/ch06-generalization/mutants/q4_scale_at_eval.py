"""The original, non-inverted dropout: no scaling in training, x (1 - p) at evaluation."""
def dropout_forward(x, p, u, training):
    x, u = np.asarray(x, dtype=float), np.asarray(u, dtype=float)
    if not training:
        return x * (1 - p)
    return np.where(u >= p, x, 0.0)
