"""sigma(z) = (1 + tanh(z / 2)) / 2: np.tanh never overflows."""
def silu(z):
    z = np.asarray(z, dtype=float)
    return z * (1 + np.tanh(z / 2)) / 2


def silu_grad(z):
    z = np.asarray(z, dtype=float)
    s = (1 + np.tanh(z / 2)) / 2
    sp = (1 - np.tanh(z / 2) ** 2) / 4  # sigma'(z)
    return s + z * sp
