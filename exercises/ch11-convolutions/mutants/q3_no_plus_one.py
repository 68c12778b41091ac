"""Off by one: H_out = floor((H + 2p - k) / s), the last window dropped."""
def max_pool2d_padded(x, dout, k, stride, padding):
    x, dout = np.asarray(x, dtype=float), np.asarray(dout, dtype=float)
    N, C, H, W = x.shape
    s, p = stride, padding
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)), constant_values=-np.inf)
    H_out, W_out = max((H + 2 * p - k) // s, 1), max((W + 2 * p - k) // s, 1)
    out = np.empty((N, C, H_out, W_out))
    dxp = np.zeros(xp.shape)
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                for j in range(W_out):
                    w = xp[n, c, s * i:s * i + k, s * j:s * j + k]
                    u, v = np.unravel_index(np.argmax(w), w.shape)
                    out[n, c, i, j] = w[u, v]
                    if i < dout.shape[2] and j < dout.shape[3]:
                        dxp[n, c, s * i + u, s * j + v] += dout[n, c, i, j]
    return out, dxp[:, :, p:p + H, p:p + W]
