"""The colleague's code with the two lines changed, stable sigmoid and all."""
def fixed_grads(X, y, W1, b1, w2, b2):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n = X.shape[0]
    Z1 = X @ W1 + b1
    H = np.tanh(Z1)
    z = H @ w2 + b2
    dz = (np.exp(-np.logaddexp(0.0, -z)) - y) / n
    dw2 = H.T @ dz
    db2 = np.sum(dz)
    dH = np.outer(dz, w2)
    dZ1 = dH * (1 - np.tanh(Z1) ** 2)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "w2": dw2, "b2": db2}
