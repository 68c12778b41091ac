"""cos in the even columns, sin in the odd ones."""
def sinusoidal_encoding(positions, d, base=10000.0):
    p = np.asarray(positions, dtype=float)[:, None]
    w = base ** (-np.arange(0, d, 2) / d)
    PE = np.empty((p.shape[0], d))
    PE[:, 0::2], PE[:, 1::2] = np.cos(p * w), np.sin(p * w)
    return PE
