"""The deltas of every step first, stored (B, T, h), then every weight gradient in one einsum."""
def relu_rnn_grads(X, h_0, W_xh, W_hh, b_h, W_hy, b_y, Y):
    X, h_0, Y = np.asarray(X, dtype=float), np.asarray(h_0, dtype=float), np.asarray(Y, dtype=float)
    B, T, _ = X.shape
    H = np.empty((B, T + 1, W_hh.shape[0]))
    H[:, 0] = h_0
    for t in range(T):
        H[:, t + 1] = np.maximum(np.einsum("ij,bj->bi", W_hh, H[:, t]) + np.einsum("ij,bj->bi", W_xh, X[:, t]) + b_h, 0)
    y_hat = np.einsum("qh,bh->bq", W_hy, H[:, T]) + b_y
    J = np.mean(np.sum((y_hat - Y) ** 2, axis=1)) / 2
    dy = (y_hat - Y) / B
    D = np.zeros((B, T, W_hh.shape[0]))
    g = dy @ W_hy
    for t in range(T - 1, -1, -1):
        D[:, t] = g * np.heaviside(H[:, t + 1], 0.0)
        g = D[:, t] @ W_hh
    grads = {"W_hh": np.einsum("bti,btj->ij", D, H[:, :T]), "W_xh": np.einsum("bti,btj->ij", D, X),
             "b_h": D.sum(axis=(0, 1)), "W_hy": np.einsum("bq,bh->qh", dy, H[:, T]), "b_y": dy.sum(axis=0),
             "h_0": g}
    return np.float64(J), grads
