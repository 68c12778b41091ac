"""einsum with explicit heads; W_qkv reshaped to (d, 3, heads, d_k)."""
def prenorm_block(X, P, heads, causal=False):
    X = np.asarray(X, dtype=float)
    g1, b1, g2, b2 = (np.asarray(P[k], dtype=float) for k in ("ln1_g", "ln1_b", "ln2_g", "ln2_b"))
    B, T, d = X.shape
    d_k = d // heads
    def ln(x, g, b):
        c = x - x.mean(axis=2, keepdims=True)
        return c / np.sqrt((c * c).mean(axis=2, keepdims=True) + 1e-5) * g + b
    W = np.asarray(P["W_qkv"], dtype=float).reshape(d, 3, heads, d_k)
    bias = np.asarray(P["b_qkv"], dtype=float).reshape(3, heads, d_k)
    qkv = np.einsum("btd,dchk->cbhtk", ln(X, g1, b1), W) + bias[:, None, :, None, :]
    S = np.einsum("bhik,bhjk->bhij", qkv[0], qkv[1]) / np.sqrt(d_k)
    if causal:
        S = np.where(np.tril(np.ones((T, T))) > 0, S, -1e30)
    A = np.exp(S - S.max(axis=3, keepdims=True))
    A = A / A.sum(axis=3, keepdims=True)
    O = np.einsum("bhij,bhjk->bihk", A, qkv[2]).reshape(B, T, d)
    X = X + O @ np.asarray(P["W_o"]) + np.asarray(P["b_o"])
    Hd = np.maximum(0, ln(X, g2, b2) @ np.asarray(P["W_1"]) + np.asarray(P["b_1"]))
    return X + Hd @ np.asarray(P["W_2"]) + np.asarray(P["b_2"])
