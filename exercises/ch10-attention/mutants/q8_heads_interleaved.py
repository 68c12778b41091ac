"""Heads cut along the wrong axis: head a takes every heads-th column."""
def prenorm_block(X, P, heads, causal=False):
    X = np.asarray(X, dtype=float)
    P = {k: np.asarray(v, dtype=float) for k, v in P.items()}
    batch, T, d = X.shape
    d_k = d // heads

    def layer_norm(x, g, b):
        mu = x.mean(axis=-1, keepdims=True)
        var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
        return g * (x - mu) / np.sqrt(var + 1e-5) + b

    def split(M):
        return M.reshape(batch, T, d_k, heads).transpose(0, 3, 1, 2)

    def attention(Y):
        Q, K, V = np.split(Y @ P["W_qkv"] + P["b_qkv"], 3, axis=-1)
        S = split(Q) @ np.swapaxes(split(K), -1, -2) / np.sqrt(d_k)
        if causal:
            S = np.where(np.tri(T, dtype=bool), S, -np.inf)
        E = np.exp(S - S.max(axis=-1, keepdims=True))
        O = (E / E.sum(axis=-1, keepdims=True)) @ split(V)
        return O.transpose(0, 2, 3, 1).reshape(batch, T, d) @ P["W_o"] + P["b_o"]

    def mlp(Y):
        return np.maximum(Y @ P["W_1"] + P["b_1"], 0.0) @ P["W_2"] + P["b_2"]

    X = X + attention(layer_norm(X, P["ln1_g"], P["ln1_b"]))
    return X + mlp(layer_norm(X, P["ln2_g"], P["ln2_b"]))
