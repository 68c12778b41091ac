"""sigma'(z) written as sigma(z) (1 + sigma(z)): a sign slip in the derivative."""
def sigmoid_grad(z):
    z = np.asarray(z, dtype=float)
    s = sigmoid(z)
    return s * (1 + s)
