"""Every step starts again from h_0: the state is not carried."""
def masked_rnn(X, lengths, h_0, W_xh, W_hh, b_h):
    X, h_0, lengths = np.asarray(X, dtype=float), np.asarray(h_0, dtype=float), np.asarray(lengths)
    batch, T, _ = X.shape
    H = np.zeros((batch, T, W_hh.shape[0]))
    h = h_0
    for t in range(T):
        real = (t < lengths)[:, None]
        h_new = np.tanh(h_0 @ W_hh.T + X[:, t] @ W_xh.T + b_h)
        h = np.where(real, h_new, h)
        H[:, t] = np.where(real, h_new, 0.0)
    return H, h
