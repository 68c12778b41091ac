"""The all-reduce's default: a sum over the ranks (weighted by the sizes), never divided."""
def average_gradients(grads_per_rank, batch_sizes=None):
    sizes = [1] * len(grads_per_rank) if batch_sizes is None else batch_sizes
    return {k: sum(n * np.asarray(g[k], dtype=float) for n, g in zip(sizes, grads_per_rank)) for k in grads_per_rank[0]}
