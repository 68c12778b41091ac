"""Built from the last layer down, with new arrays (no in-place updates)."""
def collapse(layers):
    W, b = layers[-1]
    for W_l, b_l in reversed(layers[:-1]):
        b = b_l @ W + b
        W = W_l @ W
    return W.copy(), b.copy()
