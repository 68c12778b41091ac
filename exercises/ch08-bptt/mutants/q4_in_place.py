"""Scales the caller's arrays in place and returns the same dict."""
def clip_global(grads, max_norm, norm_type=2.0):
    present = [g for g in grads.values() if g is not None]
    if norm_type == math.inf:
        total = max(float(np.max(np.abs(g), initial=0.0)) for g in present)
    else:
        total = float(sum(np.sum(np.abs(g) ** norm_type) for g in present) ** (1.0 / norm_type))
    factor = min(1.0, max_norm / (total + 1e-6))
    for g in present:
        g *= factor
    return grads, total
