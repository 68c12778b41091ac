"""Run by test_distributed.py under torchrun, one process per rank (gloo, CPU):

    python -m torch.distributed.run --standalone --nproc_per_node 2 ddp_worker.py OUT_DIR

Trains the same small float64 model with DistributedDataParallel, without and with gradient
accumulation, on a DistributedSampler's shares; records what the test compares against a
single process: the weights, the indices each rank saw, how many all-reduces ran, and a
checkpoint round trip. Writes OUT_DIR/rank<r>.pt.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import torch
from torch.distributed.algorithms.ddp_comm_hooks import default_hooks
from torch.utils.data import TensorDataset

from dlbook.train.checkpoint import load_checkpoint, save_checkpoint
from dlbook.train.distributed import cleanup, loader, setup, wrap
from dlbook.train.steps import train_step

N, BATCH, EPOCHS, SEED = 48, 6, 2, 1  # 48 examples, 6 a rank a step: 4 steps an epoch


def data() -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(0)
    X = torch.randn(N, 3, generator=g, dtype=torch.float64)
    return X, torch.sin(X @ torch.tensor([[1.0], [-2.0], [0.5]], dtype=torch.float64))


def model() -> torch.nn.Module:
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1)).double()


def optimizer(params) -> torch.optim.Optimizer:
    return torch.optim.SGD(params, lr=0.1, momentum=0.9)


def train(process, accumulation: int) -> dict:
    ddp = wrap(model(), process)
    allreduces = [0]

    def counting_allreduce(state, bucket):
        allreduces[0] += 1
        return default_hooks.allreduce_hook(None, bucket)

    ddp.register_comm_hook(None, counting_allreduce)
    opt = optimizer(ddp.parameters())
    batches, sampler = loader(TensorDataset(*data()), BATCH, process, seed=SEED)
    seen = []
    for epoch in range(EPOCHS):
        sampler.set_epoch(epoch)  # a new order each epoch
        for X, y in batches:
            train_step(ddp, torch.nn.functional.mse_loss, opt, (X, y), accumulation=accumulation)
        seen.append(list(sampler))
    return {"params": [p.detach().clone() for p in ddp.module.parameters()], "seen": seen,
            "allreduces": allreduces[0], "ddp": ddp, "opt": opt}


def main(out: Path) -> None:
    process = setup()
    try:
        results = {name: train(process, k) for name, k in (("plain", 1), ("accumulated", 3))}
        _, sampler = loader(TensorDataset(*data()), BATCH, process, seed=SEED)
        results["without_set_epoch"] = [list(sampler), list(sampler)]

        # a checkpoint of the DDP model: rank 0 writes, everyone reads it back into a fresh model
        run = results["plain"]
        written = save_checkpoint(out / "ddp.pt", run["ddp"], run["opt"], step=EPOCHS * 4)
        fresh = wrap(model(), process)
        with torch.no_grad():
            for p in fresh.parameters():
                p.zero_()
        load_checkpoint(out / "ddp.pt", fresh, optimizer(fresh.parameters()))
        results["checkpoint"] = {"written": written,
                                 "reloaded": [p.detach().clone() for p in fresh.module.parameters()]}
        for run in (results["plain"], results["accumulated"]):
            del run["ddp"], run["opt"]
        results["world_size"] = process.world_size
        torch.save(results, out / f"rank{process.rank}.pt")
    finally:
        cleanup()


if __name__ == "__main__":
    # a distributed run hangs rather than fails: die on our own if the test has not killed us by then
    signal.alarm(int(os.environ.get("DDP_WORKER_DEADLINE", "300")))
    main(Path(sys.argv[1]))
