"""Other scales and order of the three lines, a margin on the output, lists and W2 of shape (3,)."""
def triangle_network():
    W1 = [[6.0, -0.5, -4.0], [-2.0, 2.0, -6.0]]     # 3x1 - x2 > 0, -x1 + 4x2 > 0, 11 - 2x1 - 3x2 > 0
    b1 = [0.0, 0.0, 22.0]
    W2 = [2.0, 2.0, 2.0]
    b2 = -5.0
    return W1, b1, W2, b2
