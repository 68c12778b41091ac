"""Returns ReLU(z) = max(0, z) itself instead of its slope."""
def relu_grad(z):
    z = np.asarray(z, dtype=float)
    return np.maximum(z, 0.0)
