"""tanh' taken at the previous state h_(k-1) instead of h_k."""
def state_jacobian(H, h_0, W_hh, t, s):
    H, h_0, W_hh = np.asarray(H, dtype=float), np.asarray(h_0, dtype=float), np.asarray(W_hh, dtype=float)
    states = np.vstack([h_0, H])
    J = np.eye(len(h_0))
    for k in range(s + 1, t + 1):
        J = ((1.0 - states[k - 1] ** 2)[:, None] * W_hh) @ J
    return J
