"""Example by example with explicit loops over the batch, lists welcome."""
def skip_net_grads(X, Y, W1, b1, W2, b2, V):
    X, Y, W1, b1, W2, b2, V = (np.array(a, dtype=float) for a in (X, Y, W1, b1, W2, b2, V))
    n = len(X)
    g = {"W1": np.zeros_like(W1), "b1": np.zeros_like(b1), "W2": np.zeros_like(W2),
         "b2": np.zeros_like(b2), "V": np.zeros_like(V), "X": np.zeros_like(X)}
    for i in range(n):
        x = X[i]
        h = np.tanh(x @ W1 + b1)
        dy = 2.0 / n * (h @ W2 + b2 + x @ V - Y[i])        # (k,)
        dz = (W2 @ dy) * (1.0 - h * h)                     # (m,)
        g["W2"] += np.outer(h, dy)
        g["b2"] += dy
        g["V"] += np.outer(x, dy)
        g["W1"] += np.outer(x, dz)
        g["b1"] += dz
        g["X"][i] = W1 @ dz + V @ dy
    return g
