"""Without the helpers: a loop convolution, a reshape pooling, an explicit average."""
def gap_cnn_forward(x, params):
    def conv_same(h, W, b):
        N, C, H, Wd = h.shape
        hp = np.pad(h, ((0, 0), (0, 0), (1, 1), (1, 1)))
        out = np.zeros((N, W.shape[0], H, Wd)) + np.asarray(b)[None, :, None, None]
        for u in range(3):
            for v in range(3):
                out += np.einsum("nchw,oc->nohw", hp[:, :, u:u + H, v:v + Wd], W[:, :, u, v])
        return out

    h = np.maximum(conv_same(np.asarray(x, dtype=float), params["W1"], params["b1"]), 0)
    N, C, H, Wd = h.shape
    h = h.reshape(N, C, H // 2, 2, Wd // 2, 2).max(axis=5).max(axis=3)
    h = np.maximum(conv_same(h, params["W2"], params["b2"]), 0)
    logits = []
    for image in h:
        g = np.array([channel.mean() for channel in image])
        logits.append(params["W3"] @ g + params["b3"])
    return np.array(logits)
