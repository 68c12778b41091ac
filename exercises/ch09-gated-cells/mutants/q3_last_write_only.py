"""f^k c0 + i g: only the last write counted."""
def cell_after(c0, f, i, g, k):
    c0, f, i, g = (np.asarray(a, dtype=float) for a in (c0, f, i, g))
    out = np.where(k == 0, c0, f ** k * c0 + i * g)
    return out if out.ndim else float(out)
