"""einsum with a heads axis; K and V have none, so they are shared by construction."""
def multi_query_attention(X, W_q, W_k, W_v, W_o, heads, causal=False):
    X = np.asarray(X, dtype=float)
    b, T, d = X.shape
    d_k = d // heads
    Q = np.einsum("btd,dhk->bhtk", X, np.asarray(W_q, dtype=float).reshape(d, heads, d_k))
    K, V = X @ W_k, X @ W_v
    S = np.einsum("bhtk,bsk->bhts", Q, K) / d_k ** 0.5
    if causal:
        S = S + np.triu(np.full((T, T), -np.inf), 1)
    S -= S.max(-1, keepdims=True)
    A = np.exp(S) / np.exp(S).sum(-1, keepdims=True)
    O = np.einsum("bhts,bsk->bthk", A, V).reshape(b, T, d)
    return O @ W_o
