"""Applies the formula s (1 - s) to z itself instead of to sigma(z): z (1 - z)."""
def sigmoid_grad(z):
    z = np.asarray(z, dtype=float)
    return z * (1 - z)
