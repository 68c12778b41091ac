"""Data parallelism: one process per device, each on its own share of every batch (chapter 13).

Launch the same script once per device with torchrun, which starts the
processes and tells each who it is through environment variables (RANK,
LOCAL_RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT)::

    torchrun --standalone --nproc_per_node 2 train.py

``--standalone`` runs a rendezvous on this machine at a free port, so two runs
never fight over a fixed one. Every process builds the same model (same seed);
`wrap` hands it to DistributedDataParallel, which averages the gradients over
the processes during backward(), so every process takes the same step and the
weights stay identical. A `DistributedSampler` gives each process its own
1 / world_size of each epoch; its shuffle is seeded by (seed, epoch), so
``sampler.set_epoch(epoch)`` every epoch, or every epoch repeats one order.
Gradients average over processes, so world_size processes on batches of b
take the step of one process on batches of world_size b.

The backend: NCCL between CUDA GPUs, gloo on CPUs (how the tests run it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, Dataset, DistributedSampler

from dlbook.train.devices import choose_device


# --8<-- [start:setup]
@dataclass
class Process:
    """Who this process is: its rank among world_size processes, its rank on this machine, its device."""

    rank: int
    local_rank: int
    world_size: int
    device: torch.device

    @property
    def is_main(self) -> bool:
        """Rank 0: the one that logs and writes checkpoints."""
        return self.rank == 0


def setup(backend: str | None = None) -> Process:
    """Join the process group torchrun set up; a plain `python train.py` is a group of one.

    On CUDA each process takes the GPU numbered by its local rank, and NCCL
    is the backend; elsewhere gloo, on the device `choose_device` picks.
    """
    if "WORLD_SIZE" not in os.environ:  # not launched by torchrun: no group to join
        return Process(0, 0, 1, choose_device())
    rank, local_rank = int(os.environ["RANK"]), int(os.environ["LOCAL_RANK"])
    world_size = int(os.environ["WORLD_SIZE"])
    if torch.cuda.is_available() and backend in (None, "nccl"):
        device = torch.device("cuda", local_rank)
        torch.cuda.set_device(device)  # before NCCL starts, or every rank lands on GPU 0
        backend = "nccl"
    else:
        device, backend = torch.device("cpu"), backend or "gloo"
    dist.init_process_group(backend, rank=rank, world_size=world_size)
    return Process(rank, local_rank, world_size, device)


def cleanup() -> None:
    """Leave the process group (every process, at the end, also after an error)."""
    if dist.is_available() and dist.is_initialized():
        dist.destroy_process_group()
# --8<-- [end:setup]


# --8<-- [start:wrap]
def wrap(model: torch.nn.Module, process: Process) -> torch.nn.Module:
    """The model on the process's device, in DistributedDataParallel when there are several.

    DDP broadcasts rank 0's weights at construction (so all start equal), then
    registers hooks that all-reduce each bucket of gradients as soon as
    backward() has produced it, overlapping the communication with the rest
    of the backward pass.
    """
    model = model.to(process.device)
    if not dist.is_initialized():
        return model
    device_ids = [process.device.index] if process.device.type == "cuda" else None
    return DistributedDataParallel(model, device_ids=device_ids)


def loader(dataset: Dataset, batch_size: int, process: Process, *, shuffle: bool = True,
           seed: int = 0, drop_last: bool = False) -> tuple[DataLoader, DistributedSampler]:
    """A DataLoader over this process's share of `dataset`, and its sampler (set_epoch it).

    batch_size is per process. The sampler shuffles all indices with
    seed + epoch, pads them to a multiple of world_size by repeating the
    first ones (unless drop_last), and gives rank r every world_size-th index
    from r on. Pinned memory only with CUDA, where it allows non_blocking copies.
    """
    sampler: DistributedSampler = DistributedSampler(
        dataset, num_replicas=process.world_size, rank=process.rank, shuffle=shuffle, seed=seed,
        drop_last=drop_last)
    data = DataLoader(dataset, batch_size=batch_size, sampler=sampler,
                      pin_memory=process.device.type == "cuda")
    return data, sampler
# --8<-- [end:wrap]


def is_main_process() -> bool:
    """Rank 0, or a single process outside any group: print and save only where this holds."""
    return not dist.is_initialized() or dist.get_rank() == 0


def all_reduce_mean(x: torch.Tensor) -> torch.Tensor:
    """The mean of x over the processes (x itself in a group of one): e.g. a loss to log."""
    if not dist.is_initialized():
        return x
    x = x.detach().clone()
    dist.all_reduce(x, op=dist.ReduceOp.SUM)
    return x / dist.get_world_size()
