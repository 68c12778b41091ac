"""W_hh^(t - s): the linear RNN's Jacobian, the tanh slopes forgotten."""
def state_jacobian(H, h_0, W_hh, t, s):
    return np.linalg.matrix_power(np.asarray(W_hh, dtype=float), t - s)
