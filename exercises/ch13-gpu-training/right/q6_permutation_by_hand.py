"""The sampler's shuffle written out (torch.randperm with seed + epoch, padded, strided),
one flat gradient over each rank's accum_steps * batch_size rows."""
import torch


def ddp_train(w, X, y, world_size, n_epochs, batch_size, accum_steps, lr, seed):
    w, X, y = np.array(w, dtype=float), np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    N = len(y)
    per_rank = math.ceil(N / world_size)
    writes = []
    for epoch in range(n_epochs):
        g = torch.Generator()
        g.manual_seed(seed + epoch)
        perm = torch.randperm(N, generator=g).tolist()
        perm += (perm * math.ceil(per_rank * world_size / N))[:per_rank * world_size - N]
        order = [np.array(perm[r::world_size]) for r in range(world_size)]
        chunk = batch_size * accum_steps
        for start in range(0, per_rank, chunk):
            total = np.zeros_like(w)
            for idx in (o[start:start + chunk] for o in order):
                total = total + 2.0 / chunk * X[idx].T @ (X[idx] @ w - y[idx])
            w = w - lr * total / world_size
        writes.append((epoch, 0))
    return w, writes
