"""Scales the gradient but lets it flow into the dropped units as well."""
def dropout_backward(grad_out, p, u, training):
    grad_out, u = np.asarray(grad_out, dtype=float), np.asarray(u, dtype=float)
    if not training:
        return grad_out
    if p == 1:
        return np.zeros_like(grad_out)
    return grad_out / (1 - p)
