"""Sums of examples in torch: sum_r n_r g_r over sum_r n_r, with n_r = 1 for plain ranks."""
import torch


def average_gradients(grads_per_rank, batch_sizes=None):
    sizes = [1] * len(grads_per_rank) if batch_sizes is None else list(batch_sizes)
    out = {}
    for k in grads_per_rank[0]:
        acc = torch.zeros(np.shape(grads_per_rank[0][k]), dtype=torch.float64)
        for n, g in zip(sizes, grads_per_rank):
            acc = acc + n * torch.as_tensor(np.array(g[k], dtype=float))
        out[k] = acc / sum(sizes)
    return out
