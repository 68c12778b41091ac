"""The buggy attention as given."""
def causal_self_attention(X, W_q, W_k, W_v):
    return buggy_causal_self_attention(np.asarray(X, dtype=float), W_q, W_k, W_v)
