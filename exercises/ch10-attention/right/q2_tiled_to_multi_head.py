"""Repeats the shared projections for every head and runs ordinary multi-head attention."""
def multi_query_attention(X, W_q, W_k, W_v, W_o, heads, causal=False):
    X = np.asarray(X, dtype=float)
    b, T, d = X.shape
    d_k = d // heads
    cut = lambda M: M.reshape(b, T, heads, d_k).swapaxes(1, 2)
    Q, K, V = cut(X @ W_q), cut(X @ np.tile(W_k, heads)), cut(X @ np.tile(W_v, heads))
    S = Q @ K.swapaxes(-1, -2) / np.sqrt(d_k)
    if causal:
        S = np.where(np.arange(T)[None, :] > np.arange(T)[:, None], -1e300, S)
    P = np.exp(S - S.max(-1, keepdims=True))
    P = P / P.sum(-1, keepdims=True)
    return (P @ V).swapaxes(1, 2).reshape(b, T, d) @ W_o
