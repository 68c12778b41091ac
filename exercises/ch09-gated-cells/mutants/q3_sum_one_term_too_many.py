"""Geometric sum 1 + f + ... + f^k: one write too many."""
def cell_after(c0, f, i, g, k):
    c0, f, i, g = (np.asarray(a, dtype=float) for a in (c0, f, i, g))
    with np.errstate(invalid="ignore", divide="ignore"):
        s = np.where(f == 1.0, k + 1.0, (1 - f ** (k + 1)) / (1 - f))
    out = f ** k * c0 + i * g * s
    return out if out.ndim else float(out)
