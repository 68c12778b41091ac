"""Element by element with the math module and an explicit branch."""
def _sig(v):
    if v >= 0:
        return 1 / (1 + math.exp(-v))
    e = math.exp(v)
    return e / (1 + e)


def silu(z):
    z = np.asarray(z, dtype=float)
    return np.array([v * _sig(v) for v in z.ravel()]).reshape(z.shape)


def silu_grad(z):
    z = np.asarray(z, dtype=float)
    out = []
    for v in z.ravel():
        s = _sig(v)
        out.append(s * (1 + v * (1 - s)))
    return np.array(out).reshape(z.shape)
