"""Drops units but does not scale the survivors by 1 / (1 - p)."""
def dropout_net(X, y, W1, b1, w2, b2, p, U, training):
    X, y, W1, b1, w2, U = (np.asarray(a, dtype=float) for a in (X, y, W1, b1, w2, U))
    n = X.shape[0]
    Z = X @ W1 + b1
    H = np.maximum(Z, 0.0)
    if not training:
        scale = np.ones_like(H)
    else:
        scale = np.where(U >= p, 1.0, 0.0)
    H_tilde = H * scale
    r = H_tilde @ w2 + b2 - y
    dy = 2 * r / n
    dZ = np.outer(dy, w2) * scale * (Z > 0)
    grads = {"W1": X.T @ dZ, "b1": dZ.sum(axis=0), "w2": H_tilde.T @ dy, "b2": float(dy.sum())}
    return float(np.mean(r ** 2)), grads
