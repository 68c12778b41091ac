"""Each window sends its gradient to every entry, not only to its winner."""
def max_pool2d_padded(x, dout, k, stride, padding):
    x, dout = np.asarray(x, dtype=float), np.asarray(dout, dtype=float)
    N, C, H, W = x.shape
    s, p = stride, padding
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)), constant_values=-np.inf)
    H_out, W_out = (H + 2 * p - k) // s + 1, (W + 2 * p - k) // s + 1
    out = np.empty((N, C, H_out, W_out))
    dxp = np.zeros(xp.shape)
    for i in range(H_out):
        for j in range(W_out):
            out[:, :, i, j] = xp[:, :, s * i:s * i + k, s * j:s * j + k].max(axis=(2, 3))
            dxp[:, :, s * i:s * i + k, s * j:s * j + k] += dout[:, :, i, j][:, :, None, None]
    return out, dxp[:, :, p:p + H, p:p + W]
