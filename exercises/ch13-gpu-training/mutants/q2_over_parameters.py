"""Divides by the number of parameters in a dict instead of the number of ranks."""
def average_gradients(grads_per_rank, batch_sizes=None):
    P = len(grads_per_rank[0])
    if batch_sizes is None:
        return {k: sum(np.asarray(g[k], dtype=float) for g in grads_per_rank) / P for k in grads_per_rank[0]}
    return {k: sum(n * np.asarray(g[k], dtype=float) for n, g in zip(batch_sizes, grads_per_rank)) / sum(batch_sizes)
            * len(grads_per_rank) / P for k in grads_per_rank[0]}
