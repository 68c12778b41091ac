"""Copies first (np.array), then shifts in place and uses a one-hot mask."""
def softmax_cross_entropy(Z, y):
    Z = np.array(Z, dtype=float)
    Z -= Z.max(axis=1, keepdims=True)
    log_p = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
    Y = np.eye(Z.shape[1])[np.asarray(y)]
    return float(-(Y * log_p).sum() / Z.shape[0])
