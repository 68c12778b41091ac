"""Works on one float copy, moving an entry and restoring its saved value each time; the output shape taken from f(x)."""
def numerical_jacobian(f, x, h=1e-6):
    w = np.array(x, dtype=np.float64)
    fx = np.asarray(f(w), dtype=float)
    J = np.empty(fx.shape + w.shape)
    for j in np.ndindex(*w.shape):
        old = w[j]
        w[j] = old + h
        up = np.asarray(f(w), dtype=float)
        w[j] = old - h
        down = np.asarray(f(w), dtype=float)
        w[j] = old
        J[(...,) + j] = (up - down) / (2 * h)
    return J
