"""np.moveaxis on the (n_out, h, w, C) view, returned without a copy; the bias as a list."""
def head_as_conv(W_lin, b_lin, C, h, w):
    return np.moveaxis(np.reshape(W_lin, (len(W_lin), h, w, C)), 3, 1), list(b_lin)
