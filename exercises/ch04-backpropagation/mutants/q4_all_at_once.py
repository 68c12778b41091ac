"""Moves every entry of x by h at once: a directional derivative, copied into every column."""
def numerical_jacobian(f, x, h=1e-6):
    x = np.array(x, dtype=float)
    d = (np.asarray(f(x + h), dtype=float) - np.asarray(f(x - h), dtype=float)) / (2 * h)
    J = np.zeros(np.shape(d) + x.shape)
    for j in np.ndindex(x.shape):
        J[(Ellipsis,) + j] = d
    return J
