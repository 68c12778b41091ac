"""Rows and columns swapped: reshaped to (n_out, w, h, C)."""
def head_as_conv(W_lin, b_lin, C, h, w):
    W_lin, b_lin = np.asarray(W_lin, dtype=float), np.asarray(b_lin, dtype=float)
    return W_lin.reshape(-1, w, h, C).transpose(0, 3, 2, 1), b_lin.copy()
