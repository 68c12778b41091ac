"""torch's way: the p-norm of the vector of per-array p-norms; math-module loops."""
def clip_global(grads, max_norm, norm_type=2.0):
    norms = []
    for g in grads.values():
        if g is not None:
            values = [abs(float(v)) for v in np.ravel(g)]
            if norm_type == math.inf:
                norms.append(max(values, default=0.0))
            else:
                norms.append(sum(v ** norm_type for v in values) ** (1 / norm_type))
    total = max(norms) if norm_type == math.inf else sum(n ** norm_type for n in norms) ** (1 / norm_type)
    factor = min(max_norm / (total + 1e-6), 1.0)
    return {k: (g if g is None else np.multiply(g, factor, dtype=float)) for k, g in grads.items()}, total
