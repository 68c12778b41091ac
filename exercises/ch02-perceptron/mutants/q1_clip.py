"""'Stabilised' by clipping z to [-500, 500] before the naive formula: no overflow, but sigmoid(-600) becomes e^{-500} instead of e^{-600}."""
def sigmoid(z):
    z = np.clip(np.asarray(z, dtype=float), -500.0, 500.0)
    return 1 / (1 + np.exp(-z))
