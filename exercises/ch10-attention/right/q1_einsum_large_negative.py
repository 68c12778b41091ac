"""einsum for the scores, a large negative number (-1e30) as the mask, bias from np.subtract.outer."""
def alibi_attention(Q, K, V, slope):
    Q, K, V = np.asarray(Q, dtype=float), np.asarray(K, dtype=float), np.asarray(V, dtype=float)
    T = Q.shape[-2]
    dist = np.subtract.outer(np.arange(T), np.arange(T))           # i - j
    S = np.einsum("...id,...jd->...ij", Q, K) / math.sqrt(Q.shape[-1])
    S = S - slope * np.abs(dist) + np.where(dist < 0, -1e30, 0.0)
    S = S - S.max(axis=-1, keepdims=True)
    A = np.exp(S)
    A /= A.sum(axis=-1, keepdims=True)
    return np.einsum("...ij,...jv->...iv", A, V), A
