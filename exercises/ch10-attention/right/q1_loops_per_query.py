"""A loop over the leading axes and the queries, each query over its keys 0..i only."""
def alibi_attention(Q, K, V, slope):
    Q, K, V = np.asarray(Q, dtype=float), np.asarray(K, dtype=float), np.asarray(V, dtype=float)
    T, d_k = Q.shape[-2], Q.shape[-1]
    lead = Q.shape[:-2]
    A = np.zeros(lead + (T, T))
    for idx in np.ndindex(*lead):
        for i in range(T):
            s = np.array([Q[idx + (i,)] @ K[idx + (j,)] / math.sqrt(d_k) - slope * (i - j) for j in range(i + 1)])
            w = np.exp(s - s.max())
            A[idx + (i, slice(0, i + 1))] = w / w.sum()
    return A @ V, A
