"""Windows along time with sliding_window_view, every d-th step, then one einsum per group axis."""
def causal_conv1d(x, W, b, dilation=1, groups=1):
    from numpy.lib.stride_tricks import sliding_window_view
    x, W, b = (np.asarray(a, dtype=float) for a in (x, W, b))
    T, C_in = x.shape
    C_out, C_g, k = W.shape
    span = dilation * (k - 1) + 1
    xp = np.pad(x, ((span - 1, 0), (0, 0)))
    win = sliding_window_view(xp, span, axis=0)[:, :, ::dilation]        # (T, C_in, k)
    win = win.reshape(T, groups, C_g, k)
    Wg = W.reshape(groups, C_out // groups, C_g, k)
    return np.einsum("tgcu,gocu->tgo", win, Wg).reshape(T, C_out) + b
