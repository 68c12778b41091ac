"""Uses the one-sided difference (J(w + h) - J(w)) / h, whose error is of order h, not h^2."""
def numerical_gradient(params, X, y, name, h=1e-5):
    J = mlp_loss(params, X, y)
    grad = np.zeros_like(np.asarray(params[name], dtype=float))
    for idx in np.ndindex(grad.shape):
        plus = {**params, name: np.array(params[name], dtype=float)}
        plus[name][idx] += h
        grad[idx] = (mlp_loss(plus, X, y) - J) / h
    return grad
