"""The probabilities divided by tau after the softmax, then renormalised: tau has no effect."""
def top_k_distribution(logits, k, temperature):
    z = np.asarray(logits, dtype=float)
    kth = np.sort(z, axis=-1)[..., -min(k, z.shape[-1])][..., None]
    e = np.where(z >= kth, np.exp(z - z.max(axis=-1, keepdims=True)), 0.0)
    p = e / e.sum(axis=-1, keepdims=True) / temperature
    return p / p.sum(axis=-1, keepdims=True)
