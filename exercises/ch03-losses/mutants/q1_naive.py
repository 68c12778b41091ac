"""log of a naive sigmoid: e^1000 overflows and log(0) follows."""
def weighted_bce_with_logits(z, y, w):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    p = 1 / (1 + np.exp(-z))
    return float(-np.mean(w * y * np.log(p) + (1 - y) * np.log(1 - p)))
