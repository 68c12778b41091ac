"""Time-major inside (T, batch, ...), a float mask blending the new and the old state."""
def masked_rnn(X, lengths, h_0, W_xh, W_hh, b_h):
    Xt = np.transpose(np.asarray(X, dtype=float), (1, 0, 2))
    T = Xt.shape[0]
    m = (np.arange(T)[:, None] < np.asarray(lengths)[None, :]).astype(float)[..., None]  # (T, batch, 1)
    h = np.array(h_0, dtype=float)
    states = []
    for t in range(T):
        new = np.tanh(np.einsum("ij,bj->bi", W_hh, h) + np.einsum("ij,bj->bi", W_xh, Xt[t]) + b_h)
        h = m[t] * new + (1 - m[t]) * h
        states.append(m[t] * new)
    return np.stack(states, axis=1), h
