"""A network that computes NAND: right on three inputs, wrong at (0, 0)."""
def xor_weights():
    W1 = np.array([[-1.0, -1.0], [-1.0, -1.0]])
    b1 = np.array([1.5, 1.5])
    W2 = np.array([[1.0], [0.0]])
    b2 = np.array([-0.5])
    return W1, b1, W2, b2
