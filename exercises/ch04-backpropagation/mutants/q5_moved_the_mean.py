"""'Fixes' db2 by dropping the 1/n from dJ/dz and keeping the mean for b2: b2 becomes right, every other gradient n times too large."""
def fixed_grads(X, y, W1, b1, w2, b2):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    H = np.tanh(X @ W1 + b1)
    z = H @ w2 + b2
    dz = 1 / (1 + np.exp(-z)) - y
    dZ1 = np.outer(dz, w2) * (1 - H ** 2)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "w2": H.T @ dz, "b2": dz.mean()}
