"""Right formula, built from the back with b += ...: modifies the caller's last bias."""
def collapse(layers):
    W, b = layers[-1]
    for W_l, b_l in reversed(layers[:-1]):
        b += b_l @ W
        W = W_l @ W
    return W, b
