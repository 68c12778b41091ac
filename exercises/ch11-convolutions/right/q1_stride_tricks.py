"""A strided view of every dilated window: windows of the filter's span, then every d-th pixel."""
def conv2d_dilated(x, W, b, stride=1, dilation=1, padding=(0, 0, 0, 0)):
    from numpy.lib.stride_tricks import sliding_window_view
    x, W, b = (np.asarray(a, dtype=float) for a in (x, W, b))
    top, bottom, left, right = padding
    k_h, k_w = W.shape[2:]
    span_h, span_w = dilation * (k_h - 1) + 1, dilation * (k_w - 1) + 1
    xp = np.pad(x, ((0, 0), (top, bottom), (left, right)))
    win = sliding_window_view(xp, (span_h, span_w), axis=(1, 2))[:, ::stride, ::stride, ::dilation, ::dilation]
    return np.einsum("cijuv,ocuv->oij", win, W) + b[:, None, None]
