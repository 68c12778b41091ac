"""A network that computes OR: right on three inputs, wrong at (1, 1)."""
def xor_weights():
    W1 = np.array([[1.0, 1.0], [1.0, 1.0]])
    b1 = np.array([-0.5, -0.5])
    W2 = np.array([[1.0], [0.0]])
    b2 = np.array([-0.5])
    return W1, b1, W2, b2
