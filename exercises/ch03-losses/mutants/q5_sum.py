"""Sum instead of mean over the batch."""
def softmax_cross_entropy(Z, y):
    Z, y = np.asarray(Z, dtype=float), np.asarray(y)
    m = Z.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(Z - m).sum(axis=1))
    return float(np.sum(lse - Z[np.arange(len(y)), y]))
