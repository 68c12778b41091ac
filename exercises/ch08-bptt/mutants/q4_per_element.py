"""Clipping by value: every entry clipped to [-max_norm, max_norm]."""
def clip_global(grads, max_norm, norm_type=2.0):
    present = [np.asarray(g, dtype=float) for g in grads.values() if g is not None]
    if norm_type == math.inf:
        total = max(float(np.max(np.abs(g), initial=0.0)) for g in present)
    else:
        total = float(sum(np.sum(np.abs(g) ** norm_type) for g in present) ** (1.0 / norm_type))
    return {k: None if g is None else np.clip(np.asarray(g, dtype=float), -max_norm, max_norm) for k, g in grads.items()}, total
