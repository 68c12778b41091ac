"""Still picks P[:, y] (an n x n block) instead of P[i, y_i]."""
def softmax_cross_entropy(Z, y):
    Z = np.asarray(Z, dtype=float)
    m = Z.max(axis=1, keepdims=True)
    log_p = Z - m - np.log(np.exp(Z - m).sum(axis=1, keepdims=True))
    return float(-np.mean(log_p[:, y]))
