"""Takes e^{-|z|} for stability but forgets the z < 0 branch: 1 / (1 + e^{-|z|}), so sigmoid(-z) = sigmoid(z) >= 0.5."""
def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return 1 / (1 + np.exp(-np.abs(z)))
