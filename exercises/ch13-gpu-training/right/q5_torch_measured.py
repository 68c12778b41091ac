"""Measured on one-element torch tensors, scaled by n; floor of a float division."""
import math

import torch


def training_memory_bytes(n_params, precision, optimizer):
    low = torch.float32 if precision == "fp32" else torch.bfloat16
    state_dtype = torch.bfloat16 if precision == "bf16" else torch.float32
    size = lambda dt: torch.empty(1, dtype=dt).element_size()
    buffers = {"sgd": 0, "momentum": 1, "adam": 2}[optimizer]
    return {"weights": n_params * size(low), "gradients": n_params * size(low),
            "master": n_params * size(torch.float32) * (precision == "bf16-mixed"),
            "optimizer": n_params * buffers * size(state_dtype)}


def max_params(memory_bytes, precision, optimizer):
    per = sum(training_memory_bytes(1, precision, optimizer).values())
    n = math.floor(memory_bytes / per)
    while n * per > memory_bytes:
        n -= 1
    while (n + 1) * per <= memory_bytes:
        n += 1
    return n
