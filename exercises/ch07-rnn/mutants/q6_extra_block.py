"""Right outputs with one block too many: hidden size (k + 2) d, not the smallest."""
def delay_rnn(d, k):
    n = (k + 2) * d
    W_xh = np.zeros((n, d))
    W_xh[:d] = np.eye(d)
    W_hy = np.zeros((d, n))
    W_hy[:, k * d:(k + 1) * d] = np.eye(d)
    return {"W_xh": W_xh, "W_hh": np.eye(n, k=-d), "W_hy": W_hy}
