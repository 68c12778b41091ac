"""tanh'(z) = 1 - tanh(z): the square is missing."""
def tanh_grad(z):
    z = np.asarray(z, dtype=float)
    return 1 - np.tanh(z)
