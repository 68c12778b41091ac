"""Hidden units detect 'outside edge k'; the output is their NOR."""
def triangle_network():
    W1 = np.array([[1.0, 2.0, -3.0], [-4.0, 3.0, 1.0]])
    b1 = np.array([0.0, -11.0, 0.0])
    # a unit is 1 at z >= 0, i.e. on or beyond its line; inside the triangle all are 0
    return W1, b1, np.array([[-1.0], [-1.0], [-1.0]]), np.array([0.5])
