"""Boolean masks instead of np.where, silu_grad written as silu/z + sigma' z."""
def _sigmoid(z):
    s = np.empty_like(z)
    pos = z >= 0
    s[pos] = 1 / (1 + np.exp(-z[pos]))
    e = np.exp(z[~pos])
    s[~pos] = e / (1 + e)
    return s


def silu(z):
    z = np.array(z, dtype=float)
    return z * _sigmoid(z)


def silu_grad(z):
    z = np.array(z, dtype=float)
    s = _sigmoid(z)
    return s + z * s * (1 - s)
