"""Averages dZ over the batch for db (dZ.mean) instead of summing: the 1/n is already in dA."""
def dense_backward(X, W, b, dA, activation):
    X, W, b, dA = (np.asarray(v, dtype=float) for v in (X, W, b, dA))
    Z = X @ W + b
    g_prime = {"identity": np.ones_like(Z), "sigmoid": np.exp(-Z) / (1 + np.exp(-Z)) ** 2,
               "tanh": 1 - np.tanh(Z) ** 2, "relu": (Z > 0).astype(float)}[activation]
    dZ = dA * g_prime
    return dZ @ W.T, X.T @ dZ, dZ.mean(axis=0)
