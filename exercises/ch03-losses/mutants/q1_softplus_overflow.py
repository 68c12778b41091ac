"""The logit form, but softplus as log(1 + e^x): e^1000 overflows."""
def weighted_bce_with_logits(z, y, w):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    return float(np.mean(w * y * np.log1p(np.exp(-z)) + (1 - y) * np.log1p(np.exp(z))))
