"""Uses y - sigma(z) for dJ/dz: the gradient of the log-likelihood, not of the loss (every sign flipped)."""
def mlp_grads(X, y, W1, b1, W2, b2):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n = X.shape[0]
    H = np.tanh(X @ W1 + b1)
    z = H @ W2 + b2
    delta2 = (y.reshape(n, 1) - 1 / (1 + np.exp(-z))) / n
    delta1 = (delta2 @ W2.T) * (1 - H ** 2)
    return {"W1": X.T @ delta1, "b1": delta1.sum(axis=0), "W2": H.T @ delta2, "b2": delta2.sum(axis=0)}
