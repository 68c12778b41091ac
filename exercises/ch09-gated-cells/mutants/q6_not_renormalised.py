"""Softmax over every token, then the others zeroed: the kept ones do not sum to 1."""
def top_k_distribution(logits, k, temperature):
    s = np.asarray(logits, dtype=float) / temperature
    p = np.exp(s - s.max(axis=-1, keepdims=True))
    p = p / p.sum(axis=-1, keepdims=True)
    kth = np.sort(s, axis=-1)[..., -min(k, s.shape[-1])][..., None]
    return np.where(s >= kth, p, 0.0)
