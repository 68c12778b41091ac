"""ReLU'(0) = 1 (z >= 0) instead of 0 as PyTorch uses (z > 0)."""
def relu_grad(z):
    z = np.asarray(z, dtype=float)
    return (z >= 0).astype(float)
