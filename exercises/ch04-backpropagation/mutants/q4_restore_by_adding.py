"""Moves entries of the caller's array in place and restores them by adding h back, which can leave a rounding error in x."""
def numerical_jacobian(f, x, h=1e-6):
    x = np.asarray(x, dtype=float)
    J = np.zeros(np.shape(f(x)) + x.shape)
    for j in np.ndindex(x.shape):
        x[j] += h
        fp = np.asarray(f(x), dtype=float)
        x[j] -= 2 * h
        fm = np.asarray(f(x), dtype=float)
        x[j] += h
        J[(Ellipsis,) + j] = (fp - fm) / (2 * h)
    return J
