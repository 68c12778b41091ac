"""The definition in NHWC, one output at a time."""
def conv2d_nhwc(x, W, b, stride=1, padding=0):
    x, W, b = np.asarray(x, dtype=float), np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    N, H, Wd, C_in = x.shape
    k, C_out = W.shape[0], W.shape[3]
    xp = np.zeros((N, H + 2 * padding, Wd + 2 * padding, C_in))
    xp[:, padding:padding + H, padding:padding + Wd] = x
    Ho = (H + 2 * padding - k) // stride + 1
    Wo = (Wd + 2 * padding - k) // stride + 1
    out = np.zeros((N, Ho, Wo, C_out))
    for n in range(N):
        for i in range(Ho):
            for j in range(Wo):
                patch = xp[n, i * stride:i * stride + k, j * stride:j * stride + k]   # (k, k, C_in)
                for o in range(C_out):
                    out[n, i, j, o] = np.sum(patch * W[:, :, :, o]) + b[o]
    return out
