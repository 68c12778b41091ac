"""'Fixes' the tanh derivative as 1 - tanh(H)^2: the derivative taken at the output instead of at Z1."""
def fixed_grads(X, y, W1, b1, w2, b2):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n = X.shape[0]
    H = np.tanh(X @ W1 + b1)
    z = H @ w2 + b2
    dz = (1 / (1 + np.exp(-z)) - y) / n
    dZ1 = np.outer(dz, w2) * (1 - np.tanh(H) ** 2)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "w2": H.T @ dz, "b2": dz.sum()}
