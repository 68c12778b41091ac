"""Row i of the Jacobian by backpropagating the unit vector e_i from h_t down to h_s."""
def state_jacobian(H, h_0, W_hh, t, s):
    H, W_hh = np.asarray(H, dtype=float), np.asarray(W_hh, dtype=float)
    n = W_hh.shape[0]
    rows = []
    for i in range(n):
        g = np.zeros(n)
        g[i] = 1.0
        for k in range(t, s, -1):
            g = W_hh.T @ (g * (1.0 - H[k - 1] ** 2))
        rows.append(g)
    return np.array(rows)
