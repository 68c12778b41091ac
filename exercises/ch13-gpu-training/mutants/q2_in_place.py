"""Accumulates into rank 0's arrays (as an in-place all-reduce would) and returns its dict."""
def average_gradients(grads_per_rank, batch_sizes=None):
    R = len(grads_per_rank)
    weights = [1.0 / R] * R if batch_sizes is None else [n / sum(batch_sizes) for n in batch_sizes]
    out = grads_per_rank[0]
    for k in out:
        out[k] *= weights[0]
        for c, g in zip(weights[1:], grads_per_rank[1:]):
            out[k] += c * g[k]
    return out
