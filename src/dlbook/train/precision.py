"""Faster arithmetic: mixed precision, channels-last memory, torch.compile (chapter 13).

Mixed precision runs the matrix products and convolutions in a 16-bit float
under ``torch.autocast`` while the weights, the optimizer state and the
reductions stay in float32. bfloat16 keeps float32's 8 exponent bits (same
range, 3 significant digits): gradients neither overflow nor underflow, so it
needs nothing else. float16 has 5 exponent bits: gradients below about 6e-8
flush to zero, so its loss must be scaled up before ``backward`` and the
gradients scaled back down before the step: ``torch.amp.GradScaler``, which
also skips the steps whose gradients overflowed to inf.

Precisions are named "fp32" (no autocast), "bf16" (the default) and "fp16".
"""

from __future__ import annotations

import contextlib
from typing import Any, TypeVar

import torch

PRECISIONS: dict[str, torch.dtype | None] = {"fp32": None, "bf16": torch.bfloat16, "fp16": torch.float16}
"""Each precision's autocast dtype; None: no autocast, everything in float32."""

M = TypeVar("M", torch.nn.Module, torch.Tensor)


def _dtype(precision: str) -> torch.dtype | None:
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {sorted(PRECISIONS)}, got {precision!r}")
    return PRECISIONS[precision]


# --8<-- [start:autocast]
def default_precision(device: torch.device | str) -> str:
    """bf16 wherever it runs (CPU, MPS, CUDA from Ampere on); fp16 on older GPUs; the
    CPU's bf16 is only fast with AVX-512 BF16 or AMX, so measure (benchmarks/train_ablation.py)."""
    device = torch.device(device)
    if device.type == "cuda" and not torch.cuda.is_bf16_supported():
        return "fp16"  # V100, T4: no bfloat16 units
    return "bf16"


def autocast(device: torch.device | str, precision: str = "bf16") -> contextlib.AbstractContextManager[Any]:
    """The context to run the forward pass and the loss in.

    Inside it, each op picks its own dtype: matrix products and convolutions
    run in `precision`, precision-hungry ops (softmax, norms, losses, sums)
    in float32. The backward pass needs no context: it runs each op's
    gradient in the dtype its forward used. "fp32": a context that does nothing.
    """
    dtype = _dtype(precision)
    if dtype is None:
        return contextlib.nullcontext()
    return torch.autocast(torch.device(device).type, dtype=dtype)


def grad_scaler(device: torch.device | str, precision: str) -> torch.amp.GradScaler | None:
    """A GradScaler for fp16, None otherwise: bf16 and fp32 have float32's range.

    The scaler multiplies the loss by S (65,536 to start) so small gradients
    survive in float16, divides the gradients by S before the step, skips any
    step whose gradients hold an inf or NaN and halves S then; after 2,000
    clean steps in a row it doubles S again.
    """
    if _dtype(precision) is not torch.float16:
        return None
    return torch.amp.GradScaler(torch.device(device).type)
# --8<-- [end:autocast]


# --8<-- [start:channels_last]
def channels_last(x: M) -> M:
    """A convnet or a 4-d batch (N, C, H, W) stored channels-last, as (N, H, W, C) in memory.

    The shape and the values do not change, only the strides: the C values
    of one pixel sit side by side, the layout GPU tensor cores (and oneDNN on
    CPUs) convolve fastest; in the default layout each convolution would
    transpose its input first. Convert both the model and its inputs.
    """
    if isinstance(x, torch.Tensor) and x.dim() != 4:
        return x  # only (N, C, H, W) tensors have a channels-last layout
    return x.to(memory_format=torch.channels_last)  # type: ignore[call-overload]
# --8<-- [end:channels_last]


# --8<-- [start:maybe_compile]
def maybe_compile(model: torch.nn.Module, enabled: bool | None = None,
                  device: torch.device | str | None = None, **options: Any) -> torch.nn.Module:
    """``torch.compile(model)`` if `enabled`; by default on for a GPU and off on the CPU.

    Compiling traces the model into a graph and generates fused kernels: fewer
    trips to memory and less Python per step. The first call pays for it (tens
    of seconds on a small CPU), so it is worth it only for long runs, and a CPU
    run of a small model rarely is. The compiled module shares its parameters
    with `model`; its state_dict names carry an ``_orig_mod.`` prefix, so save
    the original (see dlbook.train.checkpoint).
    """
    if enabled is None:
        enabled = device is not None and torch.device(device).type != "cpu"
    if not enabled:
        return model
    return torch.compile(model, **options)  # type: ignore[return-value]
# --8<-- [end:maybe_compile]
