"""Used the vertex (4, 0) instead of (4, 1): the lines x2 = 0 and 3 x1 + 3 x2 = 12."""
def triangle_network():
    W1 = np.array([[0.0, -3.0, 3.0], [1.0, -3.0, -1.0]])
    b1 = np.array([0.0, 12.0, 0.0])
    return W1, b1, np.array([[1.0], [1.0], [1.0]]), np.array([-2.5])
