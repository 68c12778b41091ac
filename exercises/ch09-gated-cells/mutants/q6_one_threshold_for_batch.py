"""One k-th largest value over the whole batch instead of per row."""
def top_k_distribution(logits, k, temperature):
    s = np.asarray(logits, dtype=float) / temperature
    kth = np.sort(s, axis=None)[-min(k, s.size)]
    keep = s >= kth
    e = np.where(keep, np.exp(np.where(keep, s - s.max(axis=-1, keepdims=True), 0.0)), 0.0)
    tot = e.sum(axis=-1, keepdims=True)
    return e / np.where(tot == 0, 1.0, tot)
