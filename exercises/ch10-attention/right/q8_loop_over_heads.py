"""Heads by a loop over column slices; np.var for the layer norm."""
def prenorm_block(X, P, heads, causal=False):
    X = np.asarray(X, dtype=float)
    P = {k: np.asarray(v, dtype=float) for k, v in P.items()}
    d = X.shape[-1]
    T = X.shape[-2]
    d_k = d // heads
    ln = lambda x, g, b: g * (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-5) + b
    qkv = ln(X, P["ln1_g"], P["ln1_b"]) @ P["W_qkv"] + P["b_qkv"]
    Q, K, V = qkv[..., :d], qkv[..., d:2 * d], qkv[..., 2 * d:]
    heads_out = []
    for a in range(heads):
        c = slice(a * d_k, (a + 1) * d_k)
        S = Q[..., c] @ K[..., c].transpose(0, 2, 1) / math.sqrt(d_k)
        if causal:
            S = S + np.triu(np.full((T, T), -np.inf), 1)
        A = np.exp(S - S.max(-1, keepdims=True))
        heads_out.append(A / A.sum(-1, keepdims=True) @ V[..., c])
    H = X + np.concatenate(heads_out, axis=-1) @ P["W_o"] + P["b_o"]
    hidden = ln(H, P["ln2_g"], P["ln2_b"]) @ P["W_1"] + P["b_1"]
    return H + (hidden * (hidden > 0)) @ P["W_2"] + P["b_2"]
