"""The others set to -inf before a stable softmax."""
def top_k_distribution(logits, k, temperature):
    s = np.asarray(logits, dtype=float) / temperature
    kth = -np.sort(-s, axis=-1)[..., min(k, s.shape[-1]) - 1:min(k, s.shape[-1])]
    masked = np.where(s >= kth, s, -np.inf)
    e = np.exp(masked - masked.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
