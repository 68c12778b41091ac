"""Moves every entry of the array by h at once: a directional derivative, the same number in every entry."""
def numerical_gradient(params, X, y, name, h=1e-5):
    W = np.asarray(params[name], dtype=float)
    plus = {**params, name: W + h}
    minus = {**params, name: W - h}
    return np.full(W.shape, (mlp_loss(plus, X, y) - mlp_loss(minus, X, y)) / (2 * h))
