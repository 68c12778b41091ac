"""Convert to NCHW and OIHW, run a channels-first im2col convolution, convert back."""
def conv2d_nhwc(x, W, b, stride=1, padding=0):
    x = np.transpose(np.asarray(x, dtype=float), (0, 3, 1, 2))
    Wc = np.transpose(np.asarray(W, dtype=float), (3, 2, 0, 1))        # (C_out, C_in, k, k)
    b = np.asarray(b, dtype=float)
    N, C_in, H, Wd = x.shape
    C_out, _, k, _ = Wc.shape
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    Ho, Wo = (H + 2 * padding - k) // stride + 1, (Wd + 2 * padding - k) // stride + 1
    cols = np.empty((N, Ho, Wo, C_in * k * k))
    for i in range(Ho):
        for j in range(Wo):
            cols[:, i, j] = xp[:, :, i * stride:i * stride + k, j * stride:j * stride + k].reshape(N, -1)
    return cols @ Wc.reshape(C_out, -1).T + b                           # already (N, Ho, Wo, C_out)
