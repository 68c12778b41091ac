"""Every entry in one flat vector, np.linalg.norm with ord = p, scaled copies."""
def clip_global(grads, max_norm, norm_type=2.0):
    flat = np.concatenate([np.ravel(g) for g in grads.values() if g is not None]).astype(float)
    total = float(np.linalg.norm(flat, ord=norm_type)) if flat.size else 0.0
    scale = 1.0 if total + 1e-6 <= max_norm else max_norm / (total + 1e-6)
    out = {}
    for name, g in grads.items():
        out[name] = None if g is None else np.array(g, dtype=float) * scale
    return out, total
