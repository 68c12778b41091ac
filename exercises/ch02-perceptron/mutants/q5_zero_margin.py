"""OR unit written as x1 + x2 - 1 >= 0: the line passes through (0, 1) and (1, 0), so XOR only holds with step(0) = 1."""
def xor_weights():
    W1 = np.array([[1.0, -1.0], [1.0, -1.0]])
    b1 = np.array([-1.0, 1.5])
    W2 = np.array([[1.0], [1.0]])
    b2 = np.array([-1.5])
    return W1, b1, W2, b2
