"""diag(1 - h_k^2) W_hh^T: the backward pass's W_hh^T where the Jacobian has W_hh."""
def state_jacobian(H, h_0, W_hh, t, s):
    H, W_hh = np.asarray(H, dtype=float), np.asarray(W_hh, dtype=float)
    J = np.eye(W_hh.shape[0])
    for k in range(s + 1, t + 1):
        J = ((1.0 - H[k - 1] ** 2)[:, None] * W_hh.T) @ J
    return J
