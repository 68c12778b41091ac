"""Uses the forward difference (f(x + h) - f(x)) / h, whose error is of order h, not h^2."""
def numerical_jacobian(f, x, h=1e-6):
    x = np.array(x, dtype=float)
    f0 = np.asarray(f(x), dtype=float)
    J = np.zeros(f0.shape + x.shape)
    for j in np.ndindex(x.shape):
        plus = x.copy()
        plus[j] += h
        J[(Ellipsis,) + j] = (np.asarray(f(plus), dtype=float) - f0) / h
    return J
