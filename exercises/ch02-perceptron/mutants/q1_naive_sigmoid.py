"""sigma(z) written as 1 / (1 + e^(-z)): e^1000 overflows at z = -1000."""
def silu(z):
    z = np.asarray(z, dtype=float)
    return z / (1 + np.exp(-z))


def silu_grad(z):
    z = np.asarray(z, dtype=float)
    s = 1 / (1 + np.exp(-z))
    return s * (1 + z * (1 - s))
