"""Stable softmax, right indexing, but the log of the probability: log(0) when it underflows."""
def softmax_cross_entropy(Z, y):
    Z = np.asarray(Z, dtype=float)
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    return float(-np.mean(np.log(P[np.arange(len(y)), y])))
