"""Hidden OR and AND with output OR - AND, but the output threshold is too high (b2 = -1.5 instead of -0.5): the output never fires."""
def xor_weights():
    W1 = np.array([[1.0, 1.0], [1.0, 1.0]])
    b1 = np.array([-0.5, -1.5])
    W2 = np.array([[1.0], [-1.0]])
    b2 = np.array([-1.5])
    return W1, b1, W2, b2
