"""-expm1(k log f) / (1 - f), with the f = 1 limit k; b = -log(expm1(ln 2 / k))."""
def cell_after(c0, f, i, g, k):
    c0, f, i, g = (np.asarray(a, dtype=float) for a in (c0, f, i, g))
    with np.errstate(divide="ignore", invalid="ignore"):
        fk = np.exp(k * np.log(f)) if k > 0 else np.ones_like(f)
        s = np.where(f < 1, -np.expm1(k * np.log(f)) / (1 - f), k)
        s = np.where(f == 0, min(k, 1), s)
    return fk * c0 + i * g * s


def forget_bias_for_half_life(k):
    return -np.log(np.expm1(np.log(2) / k))
