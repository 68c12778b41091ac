"""'Stable' sigmoid that uses e^(-|z|) for every z, dropping the z < 0 branch."""
def silu(z):
    z = np.asarray(z, dtype=float)
    return z / (1 + np.exp(-np.abs(z)))


def silu_grad(z):
    z = np.asarray(z, dtype=float)
    s = 1 / (1 + np.exp(-np.abs(z)))
    return s * (1 + z * (1 - s))
