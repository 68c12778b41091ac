"""Takes the log of the softmax: right on paper, but a probability that underflows to 0 gives log(0) = -inf."""
def softmax_cross_entropy(Z, y):
    Z, y = np.asarray(Z, dtype=float), np.asarray(y)
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    return float(-np.mean(np.log(P[np.arange(len(y)), y])))
