"""sigma(z) written as e^z / (1 + e^z) for every z: inf / inf = nan at z = +1000."""
def silu(z):
    z = np.asarray(z, dtype=float)
    return z * np.exp(z) / (1 + np.exp(z))


def silu_grad(z):
    z = np.asarray(z, dtype=float)
    s = np.exp(z) / (1 + np.exp(z))
    return s * (1 + z * (1 - s))
