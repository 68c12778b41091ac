"""Subtracts the row minimum instead of the maximum: exponents are >= 0 and overflow for wide rows."""
def log_sum_exp(Z):
    Z = np.asarray(Z, dtype=float)
    m = Z.min(axis=1, keepdims=True)
    return m[:, 0] + np.log(np.exp(Z - m).sum(axis=1))


def softmax(Z):
    Z = np.asarray(Z, dtype=float)
    E = np.exp(Z - Z.min(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)
