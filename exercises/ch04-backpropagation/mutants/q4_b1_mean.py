"""Averages delta1 over the batch for the hidden biases (a second 1/n) instead of summing."""
def mlp_grads(X, y, W1, b1, W2, b2):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n = X.shape[0]
    H = np.tanh(X @ W1 + b1)
    z = H @ W2 + b2
    delta2 = (1 / (1 + np.exp(-z)) - y.reshape(n, 1)) / n
    delta1 = (delta2 @ W2.T) * (1 - H ** 2)
    return {"W1": X.T @ delta1, "b1": delta1.mean(axis=0), "W2": H.T @ delta2, "b2": delta2.sum(axis=0)}
