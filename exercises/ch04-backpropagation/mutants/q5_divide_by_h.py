"""Divides the central difference by h instead of 2h: every entry twice too large."""
def numerical_gradient(params, X, y, name, h=1e-5):
    grad = np.zeros_like(np.asarray(params[name], dtype=float))
    for idx in np.ndindex(grad.shape):
        plus = {**params, name: np.array(params[name], dtype=float)}
        minus = {**params, name: np.array(params[name], dtype=float)}
        plus[name][idx] += h
        minus[name][idx] -= h
        grad[idx] = (mlp_loss(plus, X, y) - mlp_loss(minus, X, y)) / h
    return grad
