"""One image at a time, each converted to (C, H, W) with transpose, then stacked."""
def colour_cnn_forward(x, params):
    logits = []
    for image in np.asarray(x, dtype=float):
        h = image.transpose(2, 0, 1)[None]                     # (1, 3, H, W)
        h = max_pool2d(np.maximum(conv2d(h, params["W1"], params["b1"], padding=1), 0.0))
        h = max_pool2d(np.maximum(conv2d(h, params["W2"], params["b2"], padding=1), 0.0))
        logits.append(params["W3"] @ h.ravel() + params["b3"])
    return np.stack(logits)
