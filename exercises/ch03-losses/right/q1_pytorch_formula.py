"""PyTorch's rearrangement: (1 - y) z + (1 + (w - 1) y) softplus(-z)."""
def weighted_bce_with_logits(z, y, w):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    softplus_neg = np.maximum(-z, 0.0) + np.log1p(np.exp(-np.abs(z)))
    return float(np.mean((1 - y) * z + (1 + (w - 1) * y) * softplus_neg))
