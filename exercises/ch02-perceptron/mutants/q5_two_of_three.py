"""Output threshold too low: fires when two of the three hidden units are on."""
def triangle_network():
    W1 = np.array([[-1.0, -2.0, 3.0], [4.0, -3.0, -1.0]])
    b1 = np.array([0.0, 11.0, 0.0])
    return W1, b1, np.array([[1.0], [1.0], [1.0]]), np.array([-1.5])
