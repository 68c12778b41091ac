"""Multiplies the weights in the lecture's order, W^(l) W, instead of W W^(l)."""
def collapse(layers):
    W, b = layers[0]
    for W_l, b_l in layers[1:]:
        W = W_l @ W
        b = b @ W_l + b_l
    return W, b
