"""The formula, term by term, skipping the taps that fall before the start."""
def causal_conv1d(x, W, b, dilation=1, groups=1):
    x, W, b = np.asarray(x, dtype=float), np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    T, C_in = x.shape
    C_out, C_g, k = W.shape
    y = np.empty((T, C_out))
    for t in range(T):
        for o in range(C_out):
            g = o // (C_out // groups)
            total = float(b[o])
            for c in range(C_g):
                for u in range(k):
                    past = t - dilation * (k - 1 - u)
                    if past >= 0:
                        total += W[o, c, u] * x[past, g * C_g + c]
            y[t, o] = total
    return y
