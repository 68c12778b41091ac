"""The eigenvalue with the largest real part, then its modulus."""
def gradient_fate(W_hh):
    z = np.linalg.eigvals(np.asarray(W_hh, dtype=float))
    rate = float(abs(z[np.argmax(z.real)]))
    return rate, ("vanish" if rate < 1 else "explode")
