"""W_hh diag(1 - h_k^2): the slopes scale the columns of W_hh instead of its rows."""
def state_jacobian(H, h_0, W_hh, t, s):
    H, W_hh = np.asarray(H, dtype=float), np.asarray(W_hh, dtype=float)
    J = np.eye(W_hh.shape[0])
    for k in range(s + 1, t + 1):
        J = (W_hh * (1.0 - H[k - 1] ** 2)[None, :]) @ J
    return J
