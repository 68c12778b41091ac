"""Finds the threshold by sorting the caller's array in place."""
def top_k_distribution(logits, k, temperature):
    z = np.asarray(logits, dtype=float)
    s = z / temperature
    z.sort(axis=-1)
    kth = z[..., -min(k, z.shape[-1])][..., None] / temperature
    keep = s >= kth
    e = np.where(keep, np.exp(np.where(keep, s - s.max(axis=-1, keepdims=True), 0.0)), 0.0)
    return e / e.sum(axis=-1, keepdims=True)
