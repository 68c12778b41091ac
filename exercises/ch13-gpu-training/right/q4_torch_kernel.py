"""Calls the kernel GradScaler.update uses, on float32 tensors as GradScaler keeps them."""
import torch


def scaler_update(scale, found_inf, growth_tracker, growth_interval, growth_factor, backoff_factor):
    s = torch.tensor([float(scale)], dtype=torch.float32)
    t = torch.tensor([int(growth_tracker)], dtype=torch.int32)
    torch._amp_update_scale_(s, t, torch.tensor([1.0 if found_inf else 0.0], dtype=torch.float32),
                             growth_factor, backoff_factor, growth_interval)
    return s.item(), t.item(), not found_inf
