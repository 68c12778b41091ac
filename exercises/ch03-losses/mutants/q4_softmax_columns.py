"""Softmax normalizes each column (over the batch) instead of each row (over the classes)."""
def softmax(Z):
    Z = np.asarray(Z, dtype=float)
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)
