"""tanh'(z) = 1 - z^2: forgot to apply tanh before squaring."""
def tanh_grad(z):
    z = np.asarray(z, dtype=float)
    return 1 - z ** 2
