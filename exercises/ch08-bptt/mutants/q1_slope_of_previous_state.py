"""ReLU' read off h_(t-1) instead of h_t: the mask one step off."""
def relu_rnn_grads(X, h_0, W_xh, W_hh, b_h, W_hy, b_y, Y):
    X, h_0, Y = np.asarray(X, dtype=float), np.asarray(h_0, dtype=float), np.asarray(Y, dtype=float)
    B, T, _ = X.shape
    states = [h_0]
    for t in range(T):
        states.append(np.maximum(states[-1] @ W_hh.T + X[:, t] @ W_xh.T + b_h, 0.0))
    err = states[-1] @ W_hy.T + b_y - Y
    J = float(np.sum(err ** 2) / (2 * B))
    dy = err / B
    grads = {"W_hy": dy.T @ states[-1], "b_y": dy.sum(axis=0), "W_xh": np.zeros(W_xh.shape),
             "W_hh": np.zeros(W_hh.shape), "b_h": np.zeros(b_h.shape)}
    dh = dy @ W_hy
    for t in reversed(range(T)):
        delta = dh * (states[t] > 0)
        grads["W_hh"] += delta.T @ states[t]
        grads["W_xh"] += delta.T @ X[:, t]
        grads["b_h"] += delta.sum(axis=0)
        dh = delta @ W_hh
    grads["h_0"] = dh
    return J, grads
