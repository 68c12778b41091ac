"""h_{t-1} @ W_hh: the recurrence with W_hh transposed."""
def masked_rnn(X, lengths, h_0, W_xh, W_hh, b_h):
    X, h_0, lengths = np.asarray(X, dtype=float), np.asarray(h_0, dtype=float), np.asarray(lengths)
    batch, T, _ = X.shape
    H = np.zeros((batch, T, W_hh.shape[0]))
    h = h_0
    for t in range(T):
        real = (t < lengths)[:, None]
        h_new = np.tanh(h @ W_hh + X[:, t] @ W_xh.T + b_h)
        h = np.where(real, h_new, h)
        H[:, t] = np.where(real, h_new, 0.0)
    return H, h
