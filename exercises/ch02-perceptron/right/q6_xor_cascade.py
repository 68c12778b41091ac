"""XOR twice: (x1 XOR x2) XOR x3, with x3 carried through a unit of its own. Three layers."""
def parity_network():
    W1 = [[1, -1, 0], [1, -1, 0], [0, 0, 1]]         # OR(x1, x2), NAND(x1, x2), copy of x3
    b1 = [-0.5, 1.5, -0.5]
    W2 = [[1, 0], [1, 0], [0, 1]]                    # AND of the first two = x1 XOR x2; x3 again
    b2 = [-1.5, -0.5]
    W3 = [[1, -1], [1, -1]]                           # OR and NAND of (x1 XOR x2, x3)
    b3 = [-0.5, 1.5]
    W4 = [[1], [1]]                                   # AND
    b4 = [-1.5]
    return [(W1, b1), (W2, b2), (W3, b3), (W4, b4)]
