"""Generalises the two-layer formula wrongly: b = b1 W2 ... WL + bL, dropping the middle biases."""
def collapse(layers):
    W, b = layers[0]
    for W_l, _ in layers[1:]:
        W = W @ W_l
        b = b @ W_l
    return W, b + layers[-1][1] if len(layers) > 1 else b
