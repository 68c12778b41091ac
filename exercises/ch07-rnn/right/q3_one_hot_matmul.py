"""The one-hot view: out = A one_hot(ids) E with A the averaging weights, and dE = (A one_hot)^T dOut."""
def _averaging(ids, V, pad):
    ids = np.asarray(ids)
    Y = np.eye(V)[ids]                                 # (B, T, V)
    real = (ids != pad).astype(float)
    w = real / real.sum(axis=1, keepdims=True)
    return np.einsum("bt,btv->bv", w, Y)               # (B, V): how much of each token's row goes into row b


def bag_forward(ids, E, pad):
    E = np.asarray(E, dtype=float)
    return _averaging(ids, E.shape[0], pad) @ E


def bag_backward(ids, dOut, V, pad):
    return _averaging(ids, V, pad).T @ np.asarray(dOut, dtype=float)
