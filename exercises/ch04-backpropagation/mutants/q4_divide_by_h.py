"""Divides the central difference by h instead of 2h: every entry twice too large."""
def numerical_jacobian(f, x, h=1e-6):
    x = np.array(x, dtype=float)
    J = np.zeros(np.shape(f(x)) + x.shape)
    for j in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[j] += h
        minus[j] -= h
        J[(Ellipsis,) + j] = (np.asarray(f(plus), dtype=float) - np.asarray(f(minus), dtype=float)) / h
    return J
