"""The factor max_norm / norm without the min(1, ...): small gradients are stretched to max_norm."""
def clip_global(grads, max_norm, norm_type=2.0):
    present = [np.asarray(g, dtype=float) for g in grads.values() if g is not None]
    if norm_type == math.inf:
        total = max(float(np.max(np.abs(g), initial=0.0)) for g in present)
    else:
        total = float(sum(np.sum(np.abs(g) ** norm_type) for g in present) ** (1.0 / norm_type))
    factor = max_norm / (total + 1e-6)
    return {k: None if g is None else np.asarray(g, dtype=float) * factor for k, g in grads.items()}, total
