"""torch autograd: (loss / accum_steps).backward() per micro-batch, grads averaged over ranks."""
import torch


def ddp_train(w, X, y, world_size, n_epochs, batch_size, accum_steps, lr, seed):
    w_t = torch.tensor(np.asarray(w, dtype=float), requires_grad=True)
    X_t, y_t = torch.tensor(np.asarray(X, dtype=float)), torch.tensor(np.asarray(y, dtype=float))
    samplers = [DistributedSampler(range(len(y_t)), num_replicas=world_size, rank=r, shuffle=True, seed=seed)
                for r in range(world_size)]
    writes = []
    for epoch in range(n_epochs):
        orders = []
        for s in samplers:
            s.set_epoch(epoch)
            orders.append(list(s))
        n_micro = len(orders[0]) // batch_size
        for first in range(0, n_micro, accum_steps):
            rank_grads = []
            for order in orders:
                w_t.grad = None
                for i in range(first, first + accum_steps):
                    idx = order[i * batch_size:(i + 1) * batch_size]
                    loss = ((X_t[idx] @ w_t - y_t[idx]) ** 2).mean()
                    (loss / accum_steps).backward()
                rank_grads.append(w_t.grad.clone())
            with torch.no_grad():
                w_t -= lr * torch.stack(rank_grads).mean(dim=0)
        for rank in range(world_size):
            if rank == 0:
                writes.append((epoch, rank))
    return w_t.detach().numpy(), writes
