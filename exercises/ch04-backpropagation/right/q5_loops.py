"""Rewritten from scratch, example by example, with float gradients for b2."""
def fixed_grads(X, y, W1, b1, w2, b2):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n = len(X)
    g = {"W1": np.zeros_like(W1, dtype=float), "b1": np.zeros_like(b1, dtype=float),
         "w2": np.zeros_like(w2, dtype=float), "b2": 0.0}
    for x, t in zip(X, y):
        h = np.tanh(x @ W1 + b1)
        p = 1.0 / (1.0 + math.exp(-(h @ w2 + b2)))
        dz = (p - t) / n
        g["b2"] += float(dz)
        g["w2"] += dz * h
        dh = dz * w2 * (1 - h) * (1 + h)
        g["b1"] += dh
        g["W1"] += np.outer(x, dh)
    return g
