"""causal accepted but never applied."""
def multi_query_attention(X, W_q, W_k, W_v, W_o, heads, causal=False):
    X, W_q, W_k, W_v, W_o = (np.asarray(a, dtype=float) for a in (X, W_q, W_k, W_v, W_o))
    batch, T, d = X.shape
    d_k = d // heads
    Q = (X @ W_q).reshape(batch, T, heads, d_k).transpose(0, 2, 1, 3)
    K, V = (X @ W_k)[:, None], (X @ W_v)[:, None]
    S = Q @ np.swapaxes(K, -1, -2) / np.sqrt(d_k)
    E = np.exp(S - S.max(axis=-1, keepdims=True))
    O = (E / E.sum(axis=-1, keepdims=True)) @ V
    return O.transpose(0, 2, 1, 3).reshape(batch, T, d) @ W_o
