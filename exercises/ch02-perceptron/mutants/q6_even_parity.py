"""Output signs flipped: 1 when an even number of inputs are on."""
def parity_network():
    W1 = np.ones((3, 3))
    b1 = np.array([-0.5, -1.5, -2.5])
    return [(W1, b1), (np.array([[-1.0], [1.0], [-1.0]]), np.array([0.5]))]
