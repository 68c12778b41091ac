"""Forgets the incoming gradient: dZ = g'(Z) instead of dA * g'(Z)."""
def dense_backward(X, W, b, dA, activation):
    X, W, b, dA = (np.asarray(v, dtype=float) for v in (X, W, b, dA))
    Z = X @ W + b
    g_prime = {"identity": np.ones_like(Z), "sigmoid": np.exp(-Z) / (1 + np.exp(-Z)) ** 2,
               "tanh": 1 - np.tanh(Z) ** 2, "relu": (Z > 0).astype(float)}[activation]
    dZ = g_prime
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)
