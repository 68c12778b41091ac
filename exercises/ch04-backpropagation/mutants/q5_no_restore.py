"""Moves entries of params[name] in place and never puts them back: later entries are evaluated at a shifted point, and the caller's weights change."""
def numerical_gradient(params, X, y, name, h=1e-5):
    W = params[name]
    grad = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        W[idx] += h
        J_plus = mlp_loss(params, X, y)
        W[idx] -= 2 * h
        J_minus = mlp_loss(params, X, y)
        grad[idx] = (J_plus - J_minus) / (2 * h)
    return grad
