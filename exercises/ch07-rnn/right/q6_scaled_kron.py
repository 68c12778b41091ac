"""Built with np.kron, the state stored twice as large and read back at half scale."""
def delay_rnn(d, k):
    shift = np.eye(k + 1, k=-1)
    first, last = np.zeros((k + 1, 1)), np.zeros((1, k + 1))
    first[0, 0], last[0, k] = 2.0, 0.5
    return {"W_xh": np.kron(first, np.eye(d)), "W_hh": np.kron(shift, np.eye(d)),
            "W_hy": np.kron(last, np.eye(d))}
