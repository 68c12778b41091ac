"""How fast a step runs, and how much of the hardware it uses (chapter 13).

Measuring right takes three habits. Warm up: the first steps pay for memory
allocation, cuDNN's algorithm search and torch.compile's code generation.
Synchronise: GPU calls return once their work is queued, so read the clock
only after ``synchronize``. Take the median of N repeats: one slow repeat (a
garbage collection, another process) moves the mean, not the median.

Model FLOPs utilisation (MFU) = the FLOPs the model needs per second, at the
measured rate, / the device's peak rate for that precision. It counts only
the model's arithmetic (a recomputation or a padded matrix adds none), so it
compares across implementations; 30-50 % is good for a transformer on a GPU.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch


# --8<-- [start:measure]
@dataclass
class Timing:
    """times: seconds of each timed repeat of `number` calls; per_call: their median / number."""

    times: list[float]
    number: int

    @property
    def per_call(self) -> float:
        return statistics.median(self.times) / self.number

    def rate(self, items_per_call: float) -> float:
        """Items (samples, tokens) per second."""
        return items_per_call / self.per_call


def measure(fn: Callable[[], object], *, warmup: int = 3, repeats: int = 10, number: int = 1,
            synchronize: Callable[[], None] = lambda: None,
            clock: Callable[[], float] = time.perf_counter) -> Timing:
    """Call fn `warmup` times untimed, then time `repeats` runs of `number` calls each.

    synchronize: waits for the device (dlbook.train.devices.synchronize);
    it runs before each start and each stop of the clock, so a repeat times
    exactly its own calls' work. number > 1 amortises that wait for steps so
    short that one sync per step would slow them.
    """
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        synchronize()
        start = clock()
        for _ in range(number):
            fn()
        synchronize()
        times.append(clock() - start)
    return Timing(times, number)
# --8<-- [end:measure]


# --8<-- [start:flops]
def conv2d_flops(C_in: int, C_out: int, kernel: int | Sequence[int], H_out: int, W_out: int,
                 groups: int = 1) -> int:
    """FLOPs of one image through a 2-d convolution: 2 C_in/groups k_h k_w C_out H_out W_out.

    Each output value is a dot product of C_in/groups k_h k_w inputs with as
    many weights: one multiply and one add per term (a fused multiply-add
    counts 2). Biases, activations and pooling add a few per output, ignored.
    """
    k_h, k_w = (kernel, kernel) if isinstance(kernel, int) else kernel
    return 2 * (C_in // groups) * k_h * k_w * C_out * H_out * W_out


def linear_flops(in_features: int, out_features: int) -> int:
    """FLOPs of one row through a dense layer: 2 in out."""
    return 2 * in_features * out_features


def forward_flops(model: torch.nn.Module, x: torch.Tensor) -> int:
    """FLOPs of the convolutions and dense layers of one forward pass of the batch x.

    Counted from the shapes each Conv2d and Linear actually sees (forward
    hooks), so padding, strides and pooling in between are all accounted for.
    """
    total = 0

    def count(module: torch.nn.Module, inputs: tuple[torch.Tensor, ...], out: torch.Tensor) -> None:
        nonlocal total
        if isinstance(module, torch.nn.Conv2d):
            N, C_out, H_out, W_out = out.shape
            total += N * conv2d_flops(module.in_channels, C_out, module.kernel_size, H_out, W_out, module.groups)
        elif isinstance(module, torch.nn.Linear):
            total += out.numel() // module.out_features * linear_flops(module.in_features, module.out_features)

    hooks = [m.register_forward_hook(count) for m in model.modules()
             if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))]
    try:
        with torch.no_grad():
            model(x)
    finally:
        for h in hooks:
            h.remove()
    return total


def train_flops(forward: int) -> int:
    """A training step's FLOPs: about 3 forward passes. The backward pass computes two
    products per layer, one for the gradient of the input and one for the weights,
    each as large as the forward's."""
    return 3 * forward


def transformer_train_flops(n_params: int, tokens: int, layers: int = 0, T: int = 0, d: int = 0) -> int:
    """6 N + 12 layers T d FLOPs per token trained (PaLM, Chowdhery et al. 2022, appendix B).

    N: the parameters of the matrix products (the embedding lookup is not one:
    leave the embedding table out). 2 N per token forward, times 3 for
    training, is 6 N; attention's two products with T keys add 4 T d per
    layer forward, 12 T d for training (0 if layers, T, d are not given).
    """
    return (6 * n_params + 12 * layers * T * d) * tokens
# --8<-- [end:flops]


# --8<-- [start:peak]
# Dense (no 2:4 sparsity) peak FLOP/s of each precision, from the vendor's data sheet. The data
# sheets print the sparse rate for tensor cores, twice the dense one. Matched against
# torch.cuda.get_device_name() in order: the first name contained in it wins.
TERA = 1e12
PEAK_FLOPS: list[tuple[str, dict[str, float]]] = [
    # NVIDIA H200 data sheet (2024): SXM as H100 SXM; NVL: BF16 1,671 sparse, FP32 60
    ("H200 NVL", {"fp32": 60 * TERA, "tf32": 418 * TERA, "bf16": 835 * TERA, "fp16": 835 * TERA}),
    ("H200", {"fp32": 67 * TERA, "tf32": 494 * TERA, "bf16": 989 * TERA, "fp16": 989 * TERA}),
    # NVIDIA H100 data sheet (2023): SXM BF16 1,979 sparse; PCIe 1,513; NVL 1,671
    ("H100 NVL", {"fp32": 60 * TERA, "tf32": 418 * TERA, "bf16": 835 * TERA, "fp16": 835 * TERA}),
    ("H100 PCIe", {"fp32": 51 * TERA, "tf32": 378 * TERA, "bf16": 756 * TERA, "fp16": 756 * TERA}),
    ("H100", {"fp32": 67 * TERA, "tf32": 494 * TERA, "bf16": 989 * TERA, "fp16": 989 * TERA}),
    # NVIDIA A100 data sheet (2021): BF16/FP16 312, TF32 156, FP32 19.5 (SXM and PCIe alike)
    ("A100", {"fp32": 19.5 * TERA, "tf32": 156 * TERA, "bf16": 312 * TERA, "fp16": 312 * TERA}),
    # NVIDIA L40S data sheet (2023): BF16 733 sparse, FP32 91.6
    ("L40S", {"fp32": 91.6 * TERA, "tf32": 183 * TERA, "bf16": 362 * TERA, "fp16": 362 * TERA}),
    # NVIDIA L4 data sheet (2023): BF16 242 sparse, FP32 30.3
    ("L4", {"fp32": 30.3 * TERA, "tf32": 60 * TERA, "bf16": 121 * TERA, "fp16": 121 * TERA}),
    # NVIDIA Ada whitepaper (2022), RTX 4090: BF16/FP16 with FP32 accumulate 165.2, FP32 82.6
    ("RTX 4090", {"fp32": 82.6 * TERA, "tf32": 82.6 * TERA, "bf16": 165.2 * TERA, "fp16": 165.2 * TERA}),
    # NVIDIA V100 data sheet (2020), SXM2: FP16 tensor 125, FP32 15.7; no bfloat16 units
    ("V100", {"fp32": 15.7 * TERA, "fp16": 125 * TERA}),
    # NVIDIA T4 data sheet (2019): FP16 65, FP32 8.1; no bfloat16 units
    ("T4", {"fp32": 8.1 * TERA, "fp16": 65 * TERA}),
]


def peak_flops(device: torch.device | str, precision: str) -> float | None:
    """The device's dense peak FLOP/s at `precision` ("fp32", "tf32", "bf16", "fp16"), or None
    where the table has no entry: CPUs (their peak depends on cores, clock and vector units)
    and unlisted GPUs."""
    device = torch.device(device)
    if device.type != "cuda":
        return None
    name = torch.cuda.get_device_name(device)
    return next((peaks.get(precision) for key, peaks in PEAK_FLOPS if key in name), None)


def mfu(flops_per_step: float, seconds_per_step: float, peak: float | None) -> float | None:
    """Model FLOPs utilisation: achieved FLOP/s over the peak; None without a peak."""
    return None if peak is None else flops_per_step / seconds_per_step / peak
# --8<-- [end:peak]


def reset_peak_memory(device: torch.device | str) -> None:
    """Start a new peak for `peak_memory`."""
    device = torch.device(device)
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)
    elif device.type == "cpu":
        try:  # Linux: writing 5 resets the process's peak resident set size (VmHWM)
            with open("/proc/self/clear_refs", "w") as f:
                f.write("5")
        except OSError:
            pass


def peak_memory(device: torch.device | str) -> int | None:
    """Bytes at the peak since `reset_peak_memory`: on CUDA, of tensors allocated; on a
    Linux CPU, the whole process's resident set (libraries included); else None."""
    device = torch.device(device)
    if device.type == "cuda":
        return torch.cuda.max_memory_allocated(device)
    if device.type == "cpu":
        return _proc_status_kb("VmHWM")
    return None


def _proc_status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None
