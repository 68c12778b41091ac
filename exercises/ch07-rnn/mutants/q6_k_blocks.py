"""One block short: hidden size k d (x_t, ..., x_{t-k+1}), reading the oldest block."""
def delay_rnn(d, k):
    n = k * d
    W_xh = np.zeros((n, d))
    W_xh[:d] = np.eye(d)[:n]
    W_hy = np.zeros((d, n))
    if n:
        W_hy[:, n - d:] = np.eye(d)
    return {"W_xh": W_xh, "W_hh": np.eye(n, k=-d), "W_hy": W_hy}
