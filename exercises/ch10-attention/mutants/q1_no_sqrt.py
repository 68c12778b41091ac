"""Scores not divided by sqrt(d_k)."""
def alibi_attention(Q, K, V, slope):
    Q, K, V = (np.asarray(a, dtype=float) for a in (Q, K, V))
    T = Q.shape[-2]
    i, j = np.arange(T)[:, None], np.arange(T)[None, :]
    S = np.where(j <= i, Q @ np.swapaxes(K, -1, -2) - slope * (i - j), -np.inf)
    E = np.exp(S - S.max(axis=-1, keepdims=True))
    A = E / E.sum(axis=-1, keepdims=True)
    return A @ V, A
