"""Multiplies dA by the activation g(Z) instead of its derivative g'(Z)."""
def dense_backward(X, W, b, dA, activation):
    X, W, b, dA = (np.asarray(v, dtype=float) for v in (X, W, b, dA))
    Z = X @ W + b
    g = {"identity": Z, "sigmoid": 1 / (1 + np.exp(-Z)), "tanh": np.tanh(Z),
         "relu": np.maximum(Z, 0.0)}[activation]
    dZ = dA * g
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)
