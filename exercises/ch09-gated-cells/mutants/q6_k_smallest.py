"""Keeps the k smallest logits (an ascending sort read from the front)."""
def top_k_distribution(logits, k, temperature):
    s = np.asarray(logits, dtype=float) / temperature
    kth = np.sort(s, axis=-1)[..., min(k, s.shape[-1]) - 1][..., None]
    keep = s <= kth
    e = np.where(keep, np.exp(np.where(keep, s - s.max(axis=-1, keepdims=True), 0.0)), 0.0)
    return e / e.sum(axis=-1, keepdims=True)
