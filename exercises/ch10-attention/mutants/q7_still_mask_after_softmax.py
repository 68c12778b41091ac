"""Everything fixed but the order: softmax first, then the future zeroed."""
def causal_self_attention(X, W_q, W_k, W_v):
    X = np.asarray(X, dtype=float)
    Q, K, V = X @ W_q, X @ W_k, X @ W_v
    S = Q @ np.swapaxes(K, -1, -2) / np.sqrt(K.shape[-1])
    T = S.shape[-1]
    E = np.exp(S - S.max(axis=-1, keepdims=True))
    return (E / E.sum(axis=-1, keepdims=True) * np.tri(T)) @ V
