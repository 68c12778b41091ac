"""No padding at all: each window clipped to the image, which is what -inf padding amounts to."""
def max_pool2d_padded(x, dout, k, stride, padding):
    x, dout = np.asarray(x, dtype=float), np.asarray(dout, dtype=float)
    N, C, H, W = x.shape
    H_out = (H + 2 * padding - k) // stride + 1
    W_out = (W + 2 * padding - k) // stride + 1
    out = np.zeros((N, C, H_out, W_out))
    dx = np.zeros((N, C, H, W))
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                r0, r1 = max(i * stride - padding, 0), min(i * stride - padding + k, H)
                for j in range(W_out):
                    c0, c1 = max(j * stride - padding, 0), min(j * stride - padding + k, W)
                    window = x[n, c, r0:r1, c0:c1]
                    a = int(np.argmax(window))
                    r, q = r0 + a // window.shape[1], c0 + a % window.shape[1]
                    out[n, c, i, j] = x[n, c, r, q]
                    dx[n, c, r, q] += dout[n, c, i, j]
    return out, dx
