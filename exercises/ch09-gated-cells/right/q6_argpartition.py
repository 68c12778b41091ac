"""np.argpartition for the top k, softmax of those, scattered with put_along_axis."""
def top_k_distribution(logits, k, temperature):
    s = np.array(logits, dtype=float, ndmin=2) / temperature
    V = s.shape[-1]
    k = min(k, V)
    idx = np.argpartition(-s, k - 1, axis=-1)[:, :k]
    top = np.take_along_axis(s, idx, axis=-1)
    e = np.exp(top - top.max(axis=-1, keepdims=True))
    p = np.zeros_like(s)
    np.put_along_axis(p, idx, e / e.sum(axis=-1, keepdims=True), axis=-1)
    return p.reshape(np.shape(logits))
