"""Starts from zeros whatever h_0 is."""
def masked_rnn(X, lengths, h_0, W_xh, W_hh, b_h):
    X, lengths = np.asarray(X, dtype=float), np.asarray(lengths)
    batch, T, _ = X.shape
    H = np.zeros((batch, T, W_hh.shape[0]))
    h = np.zeros((batch, W_hh.shape[0]))
    for t in range(T):
        real = (t < lengths)[:, None]
        h_new = np.tanh(h @ W_hh.T + X[:, t] @ W_xh.T + b_h)
        h = np.where(real, h_new, h)
        H[:, t] = np.where(real, h_new, 0.0)
    return H, h
