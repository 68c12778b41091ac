"""Still shifts each column by its maximum (axis=0), on a copy."""
def softmax_cross_entropy(Z, y):
    Z = np.array(Z, dtype=float)
    Z = Z - Z.max(axis=0)
    lse = np.log(np.exp(Z).sum(axis=1))
    return float(np.mean(lse - Z[np.arange(len(y)), y]))
