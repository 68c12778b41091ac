"""Wrong sign in the exponent: 1 / (1 + e^{z}) instead of 1 / (1 + e^{-z}), which mirrors the curve."""
def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, e / (1 + e), 1 / (1 + e))
