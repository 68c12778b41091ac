"""A None gradient not skipped: np.asarray(None) breaks the norm."""
def clip_global(grads, max_norm, norm_type=2.0):
    arrays = {k: np.asarray(g, dtype=float) for k, g in grads.items()}
    if norm_type == math.inf:
        total = max(float(np.max(np.abs(g), initial=0.0)) for g in arrays.values())
    else:
        total = float(sum(np.sum(np.abs(g) ** norm_type) for g in arrays.values()) ** (1.0 / norm_type))
    factor = min(1.0, max_norm / (total + 1e-6))
    return {k: g * factor for k, g in arrays.items()}, total
