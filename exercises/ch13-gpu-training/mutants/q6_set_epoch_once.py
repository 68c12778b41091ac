"""set_epoch(0) called once before training: the order still never changes."""
def ddp_train(w, X, y, world_size, n_epochs, batch_size, accum_steps, lr, seed):
    w, X, y = np.array(w, dtype=float), np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    samplers = [DistributedSampler(range(len(y)), num_replicas=world_size, rank=rank, shuffle=True, seed=seed)
                for rank in range(world_size)]
    writes = []
    for sampler in samplers:
        sampler.set_epoch(0)
    for epoch in range(n_epochs):
        order = [np.array(list(sampler)) for sampler in samplers]
        grads = [np.zeros_like(w) for _ in range(world_size)]
        for i in range(len(order[0]) // batch_size):
            for rank in range(world_size):
                idx = order[rank][i * batch_size:(i + 1) * batch_size]
                grads[rank] += 2.0 / batch_size * X[idx].T @ (X[idx] @ w - y[idx]) / accum_steps
            if (i + 1) % accum_steps == 0:
                w = w - lr * sum(grads) / world_size
                grads = [np.zeros_like(w) for _ in range(world_size)]
        writes.append((epoch, 0))
    return w, writes
