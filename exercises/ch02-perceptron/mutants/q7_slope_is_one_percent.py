"""Set sigma'(z) = 0.01 instead of 1% of sigma'(0) = 0.0025."""
z_sigmoid = np.log((1 + np.sqrt(0.96)) / (1 - np.sqrt(0.96)))
