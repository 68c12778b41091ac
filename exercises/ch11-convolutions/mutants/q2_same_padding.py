"""Same padding, split over both ends, as for images: not causal."""
def causal_conv1d(x, W, b, dilation=1, groups=1):
    x, W, b = (np.asarray(a, dtype=float) for a in (x, W, b))
    T, C_in = x.shape
    C_out, C_g, k = W.shape
    d = dilation
    before = d * (k - 1) // 2
    x_pad = np.concatenate([np.zeros((before, C_in)), x, np.zeros((d * (k - 1) - before, C_in))])
    y = np.zeros((T, C_out)) + b
    per_group = C_out // groups
    for o in range(C_out):
        g = o // per_group
        x_g = x_pad[:, g * C_g:(g + 1) * C_g]
        for u in range(k):
            y[:, o] += x_g[d * u:d * u + T] @ W[o, :, u]
    return y
