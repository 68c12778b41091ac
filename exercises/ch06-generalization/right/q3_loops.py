"""Explicit loops over examples and units, the mask as a boolean test."""
def dropout_net(X, y, W1, b1, w2, b2, p, U, training):
    X, y, W1, b1, w2, U = (np.asarray(a, dtype=float) for a in (X, y, W1, b1, w2, U))
    n, m = X.shape[0], W1.shape[1]
    g = {"W1": np.zeros_like(W1), "b1": np.zeros_like(b1), "w2": np.zeros_like(w2), "b2": 0.0}
    J = 0.0
    for i in range(n):
        z = X[i] @ W1 + b1
        factor = np.empty(m)
        for j in range(m):
            if not training:
                factor[j] = 1.0
            elif U[i, j] >= p and p < 1:
                factor[j] = 1.0 / (1.0 - p)
            else:
                factor[j] = 0.0
        h_tilde = np.maximum(z, 0.0) * factor
        r = h_tilde @ w2 + b2 - y[i]
        J += r * r / n
        dy = 2.0 * r / n
        g["b2"] += dy
        g["w2"] += dy * h_tilde
        for j in range(m):
            if z[j] > 0:
                dz = dy * w2[j] * factor[j]
                g["b1"][j] += dz
                g["W1"][:, j] += dz * X[i]
    return J, g
