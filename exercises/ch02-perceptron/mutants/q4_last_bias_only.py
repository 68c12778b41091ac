"""Keeps only the last layer's bias."""
def collapse(layers):
    W = layers[0][0]
    for W_l, _ in layers[1:]:
        W = W @ W_l
    return W, layers[-1][1]
