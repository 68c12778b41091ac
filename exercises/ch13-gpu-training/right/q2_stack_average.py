"""np.average over a stacked axis, with the batch sizes as weights."""
def average_gradients(grads_per_rank, batch_sizes=None):
    return {k: np.average(np.stack([np.asarray(g[k], dtype=float) for g in grads_per_rank]), axis=0, weights=batch_sizes)
            for k in grads_per_rank[0]}
