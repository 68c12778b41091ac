"""log of a (stable) softmax: -inf for a probability that underflows, and eps/k * -inf = -inf."""
def smoothed_cross_entropy(Z, y, eps):
    Z, y = np.asarray(Z, dtype=float), np.asarray(y)
    n, k = Z.shape
    q = np.full((n, k), eps / k)
    q[np.arange(n), y] += 1 - eps
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    return float(-np.sum(q * np.log(P)) / n), (P - q) / n
