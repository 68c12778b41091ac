"""Counts inputs but fires when at least two are on: majority, not parity."""
def parity_network():
    W1 = np.ones((3, 3))
    b1 = np.array([-0.5, -1.5, -2.5])
    return [(W1, b1), (np.array([[0.0], [1.0], [0.0]]), np.array([-0.5]))]
