"""Computes sigmoid(z) first and then its logs: sigma(1000) rounds to 1 and log(1 - 1) = -inf."""
def binary_cross_entropy_with_logits(z, y):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    p = 1 / (1 + np.exp(-z))
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
