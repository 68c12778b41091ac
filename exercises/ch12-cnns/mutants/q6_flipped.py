"""The filters flipped, as if the convolution flipped them back."""
def head_as_conv(W_lin, b_lin, C, h, w):
    W_lin, b_lin = np.asarray(W_lin, dtype=float), np.asarray(b_lin, dtype=float)
    return W_lin.reshape(-1, h, w, C).transpose(0, 3, 1, 2)[:, :, ::-1, ::-1].copy(), b_lin.copy()
