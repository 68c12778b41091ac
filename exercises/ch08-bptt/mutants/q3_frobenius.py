"""The rate taken as the Frobenius norm of W_hh."""
def gradient_fate(W_hh):
    rate = float(np.linalg.norm(np.asarray(W_hh, dtype=float)))
    return rate, ("vanish" if rate < 1 else "explode")
