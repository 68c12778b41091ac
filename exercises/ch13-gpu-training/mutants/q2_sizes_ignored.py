"""The plain mean over ranks, whatever the batch sizes."""
def average_gradients(grads_per_rank, batch_sizes=None):
    R = len(grads_per_rank)
    return {k: sum(np.asarray(g[k], dtype=float) for g in grads_per_rank) / R for k in grads_per_rank[0]}
