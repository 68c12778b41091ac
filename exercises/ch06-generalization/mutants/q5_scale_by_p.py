"""Divides the gradient of the kept units by p instead of 1 - p."""
def dropout_backward(grad_out, p, u, training):
    grad_out, u = np.asarray(grad_out, dtype=float), np.asarray(u, dtype=float)
    if not training:
        return grad_out
    if p == 0:
        return grad_out
    return np.where(u >= p, grad_out / p, 0.0)
