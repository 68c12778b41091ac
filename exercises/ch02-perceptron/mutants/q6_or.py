"""A network that computes OR of the three bits."""
def parity_network():
    return [(np.ones((3, 1)), np.array([-0.5]))]
