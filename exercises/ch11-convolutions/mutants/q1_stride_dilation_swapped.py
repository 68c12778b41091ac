"""Stride applied to the taps and dilation to the output index: x_pad[d i + s u]."""
def conv2d_dilated(x, W, b, stride=1, dilation=1, padding=(0, 0, 0, 0)):
    x, W, b = (np.asarray(a, dtype=float) for a in (x, W, b))
    top, bottom, left, right = padding
    s, d = stride, dilation
    x_pad = np.pad(x, ((0, 0), (top, bottom), (left, right)))
    C_out, C_in, k_h, k_w = W.shape
    H_out = (x_pad.shape[1] - s * (k_h - 1) - 1) // d + 1
    W_out = (x_pad.shape[2] - s * (k_w - 1) - 1) // d + 1
    z = np.zeros((C_out, H_out, W_out)) + b[:, None, None]
    for o in range(C_out):
        for i in range(H_out):
            for j in range(W_out):
                for u in range(k_h):
                    for v in range(k_w):
                        z[o, i, j] += W[o, :, u, v] @ x_pad[:, d * i + s * u, d * j + s * v]
    return z
