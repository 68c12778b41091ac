"""Forward mode: d_t = dh_t/dw = w d_(t-1) + h_(t-1), with d restarted at 0 where the state is detached."""
def tbptt_scalar(w, x, h_0, k):
    x = np.asarray(x, dtype=float)
    T = x.size
    h, d_full, d_trunc = float(h_0), 0.0, 0.0
    for t in range(1, T + 1):
        if t == T - k + 1:
            d_trunc = 0.0                   # h_(T-k) is a constant from here on
        d_full, d_trunc = w * d_full + h, w * d_trunc + h
        h = w * h + x[t - 1]
    return d_full, d_trunc
