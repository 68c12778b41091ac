"""The closed form without its f = 1 case: 0 / 0."""
def cell_after(c0, f, i, g, k):
    c0, f, i, g = (np.asarray(a, dtype=float) for a in (c0, f, i, g))
    out = f ** k * c0 + i * g * (1 - f ** k) / (1 - f)
    return out if out.ndim else float(out)
