"""Moves entries of the caller's array in place and never puts them back: later entries are evaluated at a shifted point, and x changes."""
def numerical_jacobian(f, x, h=1e-6):
    x = np.asarray(x, dtype=float)
    J = np.zeros(np.shape(f(x)) + x.shape)
    for j in np.ndindex(x.shape):
        x[j] += h
        fp = np.asarray(f(x), dtype=float)
        x[j] -= 2 * h
        fm = np.asarray(f(x), dtype=float)
        J[(Ellipsis,) + j] = (fp - fm) / (2 * h)
    return J
