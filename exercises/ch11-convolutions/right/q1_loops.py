"""The definition, one output number at a time."""
def conv2d_dilated(x, W, b, stride=1, dilation=1, padding=(0, 0, 0, 0)):
    x, W, b = (np.asarray(a, dtype=float) for a in (x, W, b))
    t, bt, l, r = padding
    xp = np.zeros((x.shape[0], x.shape[1] + t + bt, x.shape[2] + l + r))
    xp[:, t:t + x.shape[1], l:l + x.shape[2]] = x
    C_out, C_in, kh, kw = W.shape
    Ho = (xp.shape[1] - dilation * (kh - 1) - 1) // stride + 1
    Wo = (xp.shape[2] - dilation * (kw - 1) - 1) // stride + 1
    out = np.empty((C_out, Ho, Wo))
    for o in range(C_out):
        for i in range(Ho):
            for j in range(Wo):
                acc = b[o]
                for c in range(C_in):
                    for u in range(kh):
                        for v in range(kw):
                            acc += W[o, c, u, v] * xp[c, stride * i + dilation * u, stride * j + dilation * v]
                out[o, i, j] = acc
    return out
