"""im2col with dilation: every (dilated) patch a row, then one matrix product."""
def conv2d_dilated(x, W, b, stride=1, dilation=1, padding=(0, 0, 0, 0)):
    x, W, b = np.asarray(x, dtype=float), np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    xp = np.pad(x, [(0, 0), (padding[0], padding[1]), (padding[2], padding[3])])
    C_out, C_in, kh, kw = W.shape
    Ho = (xp.shape[1] - (kh - 1) * dilation - 1) // stride + 1
    Wo = (xp.shape[2] - (kw - 1) * dilation - 1) // stride + 1
    rows = [xp[:, i * stride:i * stride + (kh - 1) * dilation + 1:dilation,
               j * stride:j * stride + (kw - 1) * dilation + 1:dilation].reshape(-1)
            for i in range(Ho) for j in range(Wo)]
    cols = np.array(rows)                                   # (Ho Wo, C_in kh kw)
    z = cols @ W.reshape(C_out, -1).T + b                  # (Ho Wo, C_out)
    return z.T.reshape(C_out, Ho, Wo)
