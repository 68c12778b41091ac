"""The quotient-rule form e^{-z} / (1 + e^{-z})^2: right on paper, but inf / inf = nan for z = -1000."""
def sigmoid_grad(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-z)
    return e / (1 + e) ** 2
