"""Checkpoint and resume (chapter 13): stop a run anywhere and finish it bit for bit.

A resumed run must continue from exactly the state the interrupted one had:
the weights, the optimizer's moments, the GradScaler's scale, the learning
rate schedule's position, the step count, and the state of every random
number generator: the next dropout mask and the next shuffle must be the ones
the uninterrupted run would have drawn. Save all of it, and the losses of the
resumed run equal the uninterrupted run's exactly (tests/dlbook/train/test_checkpoint.py).

Under data parallelism every process holds the same weights, so one writes:
rank 0, to a temporary file renamed into place, so a crash while writing
never leaves a truncated checkpoint where the last good one was.
"""

from __future__ import annotations

import os
import random
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch


def unwrap(model: torch.nn.Module) -> torch.nn.Module:
    """The module underneath DistributedDataParallel (``.module``) and torch.compile
    (``._orig_mod``), whose state_dict names carry no wrapper's prefix."""
    while True:
        for name in ("module", "_orig_mod"):
            inner = getattr(model, name, None)
            if isinstance(inner, torch.nn.Module):
                model = inner
                break
        else:
            return model


# --8<-- [start:rng]
def rng_states() -> dict[str, Any]:
    """The state of every global generator: Python's, numpy's, torch's CPU one, each GPU's."""
    np_state = np.random.get_state(legacy=False)
    np_state["state"]["key"] = np_state["state"]["key"].tolist()  # torch.load's safe mode takes no arrays
    states: dict[str, Any] = {"python": random.getstate(), "numpy": np_state, "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        states["cuda"] = torch.cuda.get_rng_state_all()
    return states


def set_rng_states(states: dict[str, Any]) -> None:
    """Put back what `rng_states` returned."""
    random.setstate(states["python"])
    np_state = dict(states["numpy"])
    np_state["state"] = {**np_state["state"], "key": np.asarray(np_state["state"]["key"], dtype=np.uint32)}
    np.random.set_state(np_state)
    torch.set_rng_state(states["torch"].cpu())  # a generator's state lives on the CPU
    if "cuda" in states and torch.cuda.is_available():
        torch.cuda.set_rng_state_all([s.cpu() for s in states["cuda"]])
# --8<-- [end:rng]


def _distributed() -> bool:
    return torch.distributed.is_available() and torch.distributed.is_initialized()


# --8<-- [start:save]
def save_checkpoint(path: str | Path, model: torch.nn.Module, optimizer: Any, *, step: int,
                    scaler: torch.amp.GradScaler | None = None, scheduler: Any = None,
                    extra: dict[str, Any] | None = None) -> bool:
    """Write everything a resumed run needs to `path`; returns whether this process wrote.

    optimizer and scheduler: anything with state_dict() (torch.optim and its
    lr_scheduler). extra: more state of the caller's (a data generator's,
    the history so far), of plain Python types and tensors. Call it on
    every process: rank 0 writes (its RNG states stand for every process's),
    and all wait at a barrier until the file is in place.
    """
    written = not _distributed() or torch.distributed.get_rank() == 0
    if written:
        _write(path, {
            "step": step,
            "model": unwrap(model).state_dict(),
            "optimizer": optimizer.state_dict(),
            "scaler": None if scaler is None else scaler.state_dict(),
            "scheduler": None if scheduler is None else scheduler.state_dict(),
            "rng": rng_states(),
            "extra": extra or {},
        })
    if _distributed():
        torch.distributed.barrier()  # nobody loads it before it is there
    return written


def _write(path: str | Path, state: dict[str, Any]) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # a temporary file in the same folder: os.replace is atomic only within one file system
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save(state, f)
            f.flush()
            os.fsync(f.fileno())  # on disk before the rename makes it the checkpoint
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
# --8<-- [end:save]


@dataclass
class Checkpoint:
    """What `load_checkpoint` gives back beside the objects it restored in place."""

    step: int
    extra: dict[str, Any] = field(default_factory=dict)


# --8<-- [start:load]
def load_checkpoint(path: str | Path, model: torch.nn.Module, optimizer: Any, *,
                    scaler: torch.amp.GradScaler | None = None, scheduler: Any = None,
                    map_location: str | torch.device = "cpu") -> Checkpoint:
    """Restore model, optimizer, scaler, scheduler and every RNG from `path`, in place.

    Every process reads the same file (load after the writer's barrier).
    Tensors load onto `map_location`, then each object copies them onto the
    device its own tensors live on. ``weights_only=True``: a checkpoint from
    elsewhere cannot run code while it loads.
    """
    state = torch.load(path, map_location=map_location, weights_only=True)
    unwrap(model).load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    if scaler is not None and state["scaler"] is not None:
        scaler.load_state_dict(state["scaler"])
    if scheduler is not None and state["scheduler"] is not None:
        scheduler.load_state_dict(state["scheduler"])
    set_rng_states(state["rng"])
    return Checkpoint(step=state["step"], extra=state["extra"])
# --8<-- [end:load]
