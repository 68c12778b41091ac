"""Flattens x, moves it along each basis vector of the identity, and reshapes the columns at the end."""
def numerical_jacobian(f, x, h=1e-6):
    x0 = np.asarray(x, dtype=float)
    flat = x0.ravel()
    cols = []
    for e in np.eye(flat.size):
        plus = (flat + h * e).reshape(x0.shape)
        minus = (flat - h * e).reshape(x0.shape)
        cols.append((np.asarray(f(plus), dtype=float) - np.asarray(f(minus), dtype=float)) / (2 * h))
    out_shape = np.shape(cols[0])
    return np.moveaxis(np.array(cols), 0, -1).reshape(out_shape + x0.shape)
