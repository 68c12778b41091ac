"""exp(z / tau) of the kept logits without subtracting the maximum."""
def top_k_distribution(logits, k, temperature):
    s = np.asarray(logits, dtype=float) / temperature
    kth = np.sort(s, axis=-1)[..., -min(k, s.shape[-1])][..., None]
    e = np.where(s >= kth, np.exp(s), 0.0)
    return e / e.sum(axis=-1, keepdims=True)
