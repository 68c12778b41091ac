"""Solved sigma(z) = 0.99 and tanh(z) = 0.99: the value saturated, not the slope."""
z_sigmoid = np.log(99.0)
z_tanh = np.arctanh(0.99)
