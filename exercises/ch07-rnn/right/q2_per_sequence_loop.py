"""One sequence at a time, only its real steps, with column vectors and W h."""
def masked_rnn(X, lengths, h_0, W_xh, W_hh, b_h):
    X, h_0 = np.asarray(X, dtype=float), np.asarray(h_0, dtype=float)
    batch, T, _ = X.shape
    H = np.zeros((batch, T, W_hh.shape[0]))
    h_last = np.zeros_like(h_0)
    for b in range(batch):
        h = h_0[b]
        for t in range(int(lengths[b])):
            h = np.tanh(W_hh @ h + W_xh @ X[b, t] + b_h)
            H[b, t] = h
        h_last[b] = h
    return H, h_last
