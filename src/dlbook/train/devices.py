"""Where the tensors live: choosing a device and moving batches onto it (chapter 13).

`choose_device` picks the fastest device present: ``DLBOOK_DEVICE`` if set
(``cpu``, ``cuda``, ``cuda:1``, ``mps``...), else torch's current accelerator
(torch >= 2.6 names CUDA, ROCm, MPS, XPU... alike), else CUDA, then Apple's
MPS, then the CPU. `to_device` moves a batch, tensors nested in tuples, lists
and dicts, in one call; a model moves with ``model.to(device)``.

Copies from the host to a CUDA GPU can overlap with computation when the
source sits in pinned (page-locked) memory and the copy is ``non_blocking``;
both only mean something with CUDA (on a CPU-only machine torch warns that
pinning needs an accelerator), so these helpers turn them on only there.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, TypeVar

import torch

DEVICE_ENV = "DLBOOK_DEVICE"
"""The environment variable that overrides `choose_device`'s choice."""

B = TypeVar("B")


# --8<-- [start:choose_device]
def is_available(device_type: str) -> bool:
    """Whether this machine has a working device of this type ("cpu", "cuda", "mps", ...)."""
    if device_type == "cpu":
        return True
    if device_type == "mps":  # lives under torch.backends, not torch.mps
        mps = getattr(torch.backends, "mps", None)
        return mps is not None and mps.is_available()
    backend = getattr(torch, device_type, None)  # torch.cuda, torch.xpu, ...
    return backend is not None and hasattr(backend, "is_available") and backend.is_available()


def choose_device(name: str | None = None) -> torch.device:
    """The device to train on: `name`, else $DLBOOK_DEVICE, else the best present.

    Order: torch.accelerator (torch >= 2.6: whatever accelerator this build
    of torch drives), then CUDA, then MPS (older torch), then the CPU. An
    explicit choice that is not present raises rather than silently falling
    back to the CPU, which would make a "GPU run" a hundred times slower.
    """
    name = name or os.environ.get(DEVICE_ENV) or None
    if name is not None:
        device = torch.device(name)
        if not is_available(device.type):
            raise RuntimeError(f"device {name!r} asked for (argument or ${DEVICE_ENV}) is not available")
        return device
    accelerator = getattr(torch, "accelerator", None)
    if accelerator is not None and accelerator.is_available():
        found = accelerator.current_accelerator()
        if found is not None:
            return torch.device(found.type)
    for device_type in ("cuda", "mps"):
        if is_available(device_type):
            return torch.device(device_type)
    return torch.device("cpu")
# --8<-- [end:choose_device]


# --8<-- [start:to_device]
def to_device(batch: B, device: torch.device | str, non_blocking: bool | None = None) -> B:
    """`batch` with every tensor in it moved to `device`; the nesting is kept.

    Tensors may sit in tuples (named tuples too), lists and dicts, at any
    depth; anything else (an int, a string) is returned as it is. A tensor
    already on the device is not copied. non_blocking: default on for a CUDA
    target only; it lets the copy from pinned memory overlap with the GPU's
    work, and the GPU's own stream order keeps it safe for kernels that read
    the batch afterwards.
    """
    device = torch.device(device)
    if non_blocking is None:
        non_blocking = device.type == "cuda"
    return _map_tensors(batch, lambda t: t.to(device, non_blocking=non_blocking))


def pin(batch: B) -> B:
    """`batch` in pinned host memory when CUDA is present (for non_blocking copies), else unchanged.

    Pinning copies, so it pays off only off the critical path: a DataLoader
    with ``pin_memory=True`` pins in a background thread while the GPU trains.
    """
    if not torch.cuda.is_available():
        return batch  # pinning needs an accelerator; torch would warn
    return _map_tensors(batch, lambda t: t if t.device.type != "cpu" or t.is_pinned() else t.pin_memory())
# --8<-- [end:to_device]


def _map_tensors(x: Any, f: Any) -> Any:
    if isinstance(x, torch.Tensor):
        return f(x)
    if isinstance(x, Mapping):
        return type(x)({k: _map_tensors(v, f) for k, v in x.items()})  # type: ignore[call-arg]
    if isinstance(x, tuple) and hasattr(x, "_fields"):  # a named tuple: rebuild by position
        return type(x)(*(_map_tensors(v, f) for v in x))
    if isinstance(x, (tuple, list)):
        return type(x)(_map_tensors(v, f) for v in x)
    return x


def synchronize(device: torch.device | str) -> None:
    """Wait until every kernel queued on `device` has finished (a no-op on the CPU).

    GPU calls return as soon as the work is queued, so a clock read without
    this measures how fast Python queues kernels, not how fast they run.
    """
    device = torch.device(device)
    if device.type == "cpu":
        return
    backend = torch.mps if device.type == "mps" else getattr(torch, device.type)
    backend.synchronize()
