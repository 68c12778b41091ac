"""Everything fixed but the softmax axis: normalised over the queries."""
def causal_self_attention(X, W_q, W_k, W_v):
    X = np.asarray(X, dtype=float)
    Q, K, V = X @ W_q, X @ W_k, X @ W_v
    S = Q @ np.swapaxes(K, -1, -2) / np.sqrt(K.shape[-1])
    T = S.shape[-1]
    S = np.where(np.tri(T, dtype=bool), S, -np.inf)
    E = np.exp(S - S.max(axis=-2, keepdims=True))
    return (E / E.sum(axis=-2, keepdims=True)) @ V
