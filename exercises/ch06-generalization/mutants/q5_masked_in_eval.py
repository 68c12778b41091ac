"""Applies the training-mode mask in evaluation mode too."""
def dropout_backward(grad_out, p, u, training):
    grad_out, u = np.asarray(grad_out, dtype=float), np.asarray(u, dtype=float)
    if p == 1:
        return np.zeros_like(grad_out)
    return np.where(u >= p, grad_out / (1 - p), 0.0)
