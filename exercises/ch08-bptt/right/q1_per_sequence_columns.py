"""One sequence at a time with column vectors (W h as in the equations), gradients summed over the batch."""
def relu_rnn_grads(X, h_0, W_xh, W_hh, b_h, W_hy, b_y, Y):
    X, h_0, Y = np.asarray(X, dtype=float), np.asarray(h_0, dtype=float), np.asarray(Y, dtype=float)
    B, T, _ = X.shape
    grads = {name: np.zeros(np.shape(a)) for name, a in
             [("W_xh", W_xh), ("W_hh", W_hh), ("b_h", b_h), ("W_hy", W_hy), ("b_y", b_y), ("h_0", h_0)]}
    J = 0.0
    for b in range(B):
        hs = [h_0[b]]
        for t in range(T):
            hs.append(np.maximum(W_hh @ hs[-1] + W_xh @ X[b, t] + b_h, 0.0))
        e = W_hy @ hs[-1] + b_y - Y[b]
        J += 0.5 * float(e @ e) / B
        grads["W_hy"] += np.outer(e, hs[-1]) / B
        grads["b_y"] += e / B
        g = W_hy.T @ e / B
        for t in range(T, 0, -1):
            delta = np.where(hs[t] > 0, g, 0.0)
            grads["W_hh"] += np.outer(delta, hs[t - 1])
            grads["W_xh"] += np.outer(delta, X[b, t - 1])
            grads["b_h"] += delta
            g = W_hh.T @ delta
        grads["h_0"][b] = g
    return J, grads
