"""W_lin reshaped straight to (n_out, C, h, w), as if it had been flattened channels first."""
def head_as_conv(W_lin, b_lin, C, h, w):
    W_lin, b_lin = np.asarray(W_lin, dtype=float), np.asarray(b_lin, dtype=float)
    return W_lin.reshape(-1, C, h, w), b_lin.copy()
