"""One hidden unit per odd pattern (100, 010, 001, 111), output their OR."""
def parity_network():
    patterns = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], dtype=float)
    W1 = (2 * patterns - 1).T             # +1 where the pattern has a 1, -1 where it has a 0
    b1 = 0.5 - patterns.sum(axis=1)       # fires only on an exact match
    W2 = np.ones((4, 1))
    b2 = np.array([-0.5])
    return [(W1, b1), (W2, b2)]
