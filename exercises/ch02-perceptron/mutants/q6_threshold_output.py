"""Counting units, but output weights (1, -1, 1) with threshold 1.5: misses single ones."""
def parity_network():
    W1 = np.ones((3, 3))
    b1 = np.array([-0.5, -1.5, -2.5])
    return [(W1, b1), (np.array([[1.0], [-1.0], [1.0]]), np.array([-1.5]))]
