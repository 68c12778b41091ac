"""Took the tanh to saturate where the sigmoid does."""
z_tanh = np.log((1 + np.sqrt(0.99)) / (1 - np.sqrt(0.99)))
