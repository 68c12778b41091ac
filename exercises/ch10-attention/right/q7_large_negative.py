"""A -1e9 additive mask on the scores, swapaxes, and the shift."""
def causal_self_attention(X, W_q, W_k, W_v):
    X = np.asarray(X, dtype=float)
    Q, K, V = X @ W_q, X @ W_k, X @ W_v
    T = X.shape[-2]
    S = np.matmul(Q, np.swapaxes(K, -2, -1)) / math.sqrt(Q.shape[-1])
    S = S + np.triu(np.full((T, T), -1e9), k=1)
    S = S - np.max(S, axis=-1, keepdims=True)
    A = np.exp(S)
    return A / np.sum(A, axis=-1, keepdims=True) @ V
