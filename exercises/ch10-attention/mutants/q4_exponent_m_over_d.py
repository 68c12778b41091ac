"""omega_m = base^(-m / d) instead of base^(-2m / d)."""
def sinusoidal_encoding(positions, d, base=10000.0):
    p = np.asarray(positions, dtype=float)[:, None]
    w = base ** (-np.arange(d // 2) / d)
    PE = np.empty((p.shape[0], d))
    PE[:, 0::2], PE[:, 1::2] = np.sin(p * w), np.cos(p * w)
    return PE
