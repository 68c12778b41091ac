"""One query at a time over the keys 0..i, any leading axes flattened."""
def causal_self_attention(X, W_q, W_k, W_v):
    X = np.asarray(X, dtype=float)
    flat = X.reshape(-1, X.shape[-2], X.shape[-1])
    outs = []
    for x in flat:
        Q, K, V = x @ W_q, x @ W_k, x @ W_v
        rows = []
        for i in range(len(x)):
            s = K[:i + 1] @ Q[i] / math.sqrt(K.shape[1])
            w = np.exp(s - s.max())
            rows.append(w @ V[:i + 1] / w.sum())
        outs.append(rows)
    return np.array(outs).reshape(X.shape[:-1] + (np.shape(W_v)[1],))
