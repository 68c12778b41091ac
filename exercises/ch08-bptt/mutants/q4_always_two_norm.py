"""norm_type ignored: always the 2-norm."""
def clip_global(grads, max_norm, norm_type=2.0):
    present = [np.asarray(g, dtype=float) for g in grads.values() if g is not None]
    total = float(np.sqrt(sum(np.sum(g ** 2) for g in present)))
    factor = min(1.0, max_norm / (total + 1e-6))
    return {k: None if g is None else np.asarray(g, dtype=float) * factor for k, g in grads.items()}, total
