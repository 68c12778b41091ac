"""The rate taken as the norm ||W_hh||_2 (largest singular value) instead of the spectral radius."""
def gradient_fate(W_hh):
    rate = float(np.linalg.norm(np.asarray(W_hh, dtype=float), 2))
    return rate, ("vanish" if rate < 1 else "explode")
