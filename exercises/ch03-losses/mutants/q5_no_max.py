"""Forgets to subtract the maximum in the log-sum-exp: e^{2000} overflows to inf."""
def softmax_cross_entropy(Z, y):
    Z, y = np.asarray(Z, dtype=float), np.asarray(y)
    lse = np.log(np.exp(Z).sum(axis=1))
    return float(np.mean(lse - Z[np.arange(len(y)), y]))
