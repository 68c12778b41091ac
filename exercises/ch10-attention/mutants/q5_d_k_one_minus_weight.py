"""Threshold e^s > 99 (one other key instead of seven)."""
smallest_d_k_unscaled = 6
smallest_d_k_scaled = 22
