"""All the padding put before the image: top + bottom rows above, left + right columns to the left."""
def conv2d_dilated(x, W, b, stride=1, dilation=1, padding=(0, 0, 0, 0)):
    x, W, b = (np.asarray(a, dtype=float) for a in (x, W, b))
    top, bottom, left, right = padding
    s, d = stride, dilation
    x_pad = np.pad(x, ((0, 0), (top + bottom, 0), (left + right, 0)))
    C_out, C_in, k_h, k_w = W.shape
    H_out = (x_pad.shape[1] - d * (k_h - 1) - 1) // s + 1
    W_out = (x_pad.shape[2] - d * (k_w - 1) - 1) // s + 1
    z = np.zeros((C_out, H_out, W_out)) + b[:, None, None]
    for u in range(k_h):
        for v in range(k_w):
            tap = x_pad[:, d * u:d * u + s * (H_out - 1) + 1:s, d * v:d * v + s * (W_out - 1) + 1:s]
            z += np.einsum("oc,cij->oij", W[:, :, u, v], tap)
    return z
