"""Puts x's axes first and the output's last: the transpose of the Jacobian."""
def numerical_jacobian(f, x, h=1e-6):
    x = np.array(x, dtype=float)
    J = np.zeros(x.shape + np.shape(f(x)))
    for j in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[j] += h
        minus[j] -= h
        J[j] = (np.asarray(f(plus), dtype=float) - np.asarray(f(minus), dtype=float)) / (2 * h)
    return J
