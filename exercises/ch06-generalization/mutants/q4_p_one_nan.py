"""No special case for p = 1: x / (1 - p) divides by zero and the output is nan or inf."""
def dropout_forward(x, p, u, training):
    x, u = np.asarray(x, dtype=float), np.asarray(u, dtype=float)
    if not training:
        return x
    return (u >= p) * x / (1 - p)
