"""The softmax inside the gradient normalizes each column (over the batch) instead of each row."""
def softmax_cross_entropy_grad(Z, y):
    Z, y = np.asarray(Z, dtype=float), np.asarray(y)
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    P = E / E.sum(axis=0, keepdims=True)
    Y = np.zeros_like(P)
    Y[np.arange(len(y)), y] = 1.0
    return (P - Y) / len(y)
