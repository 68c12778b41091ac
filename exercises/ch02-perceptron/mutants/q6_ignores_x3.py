"""The chapter's XOR network on x1, x2, with x3 given zero weight."""
def parity_network():
    W1 = np.array([[1.0, -1.0], [1.0, -1.0], [0.0, 0.0]])
    b1 = np.array([-0.5, 1.5])
    return [(W1, b1), (np.array([[1.0], [1.0]]), np.array([-1.5]))]
