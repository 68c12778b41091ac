"""The softmax normalised over the queries (axis -2)."""
def alibi_attention(Q, K, V, slope):
    Q, K, V = (np.asarray(a, dtype=float) for a in (Q, K, V))
    T, d_k = Q.shape[-2], Q.shape[-1]
    i, j = np.arange(T)[:, None], np.arange(T)[None, :]
    S = np.where(j <= i, Q @ np.swapaxes(K, -1, -2) / np.sqrt(d_k) - slope * (i - j), -np.inf)
    E = np.exp(S - S.max(axis=-2, keepdims=True))
    A = E / E.sum(axis=-2, keepdims=True)
    return A @ V, A
