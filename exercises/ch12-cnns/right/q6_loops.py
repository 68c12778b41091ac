"""Entry by entry, from the column formula (r w + q) C + c."""
def head_as_conv(W_lin, b_lin, C, h, w):
    W_lin = np.asarray(W_lin, dtype=float)
    n_out = W_lin.shape[0]
    W_conv = np.empty((n_out, C, h, w))
    for o in range(n_out):
        for c in range(C):
            for r in range(h):
                for q in range(w):
                    W_conv[o, c, r, q] = W_lin[o, (r * w + q) * C + c]
    return W_conv, np.array(b_lin, dtype=float)
