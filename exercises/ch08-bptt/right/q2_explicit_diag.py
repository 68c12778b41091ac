"""np.diag matrices in a list, multiplied newest first with functools.reduce."""
def state_jacobian(H, h_0, W_hh, t, s):
    from functools import reduce
    H, W_hh = np.asarray(H, dtype=float), np.asarray(W_hh, dtype=float)
    steps = [np.diag(1.0 - H[k - 1] ** 2) @ W_hh for k in range(t, s, -1)]   # D_t W, D_(t-1) W, ...
    return reduce(np.matmul, steps, np.eye(W_hh.shape[0]))
