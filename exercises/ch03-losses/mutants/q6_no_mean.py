"""Forgets the 1/n of the mean: the gradient of the summed loss, n times too large."""
def softmax_cross_entropy_grad(Z, y):
    Z, y = np.asarray(Z, dtype=float), np.asarray(y)
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    Y = np.zeros_like(P)
    Y[np.arange(len(y)), y] = 1.0
    return P - Y
