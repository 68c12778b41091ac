"""Each array clipped by its own norm; the total returned is the global one."""
def clip_global(grads, max_norm, norm_type=2.0):
    def norm(g):
        return float(np.max(np.abs(g), initial=0.0)) if norm_type == math.inf else float(np.sum(np.abs(g) ** norm_type) ** (1.0 / norm_type))
    present = [np.asarray(g, dtype=float) for g in grads.values() if g is not None]
    if norm_type == math.inf:
        total = max(norm(g) for g in present)
    else:
        total = float(sum(norm(g) ** norm_type for g in present) ** (1.0 / norm_type))
    out = {}
    for k, g in grads.items():
        out[k] = None if g is None else np.asarray(g, dtype=float) * min(1.0, max_norm / (norm(np.asarray(g, dtype=float)) + 1e-6))
    return out, total
