"""Masks the gradient but forgets the 1 / (1 - p) factor that the forward pass applied."""
def dropout_backward(grad_out, p, u, training):
    grad_out, u = np.asarray(grad_out, dtype=float), np.asarray(u, dtype=float)
    if not training:
        return grad_out
    return np.where(u >= p, grad_out, 0.0)
