"""Three bugs fixed; the patch still read at (i, j) instead of (s i, s j)."""
def conv2d_nhwc(x, W, b, stride=1, padding=0):
    x, W, b = (np.asarray(a, dtype=float) for a in (x, W, b))
    p, s = padding, stride
    x = np.pad(x, ((0, 0), (p, p), (p, p), (0, 0)))
    N, H, W_in, C_in = x.shape
    k, _, _, C_out = W.shape
    H_out = (H - k) // s + 1
    W_out = (W_in - k) // s + 1
    rows = []
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                rows.append(x[n, i:i + k, j:j + k, :].ravel())
    X_col = np.array(rows)
    out = X_col @ W.reshape(-1, C_out) + b
    return out.reshape(N, H_out, W_out, C_out)
