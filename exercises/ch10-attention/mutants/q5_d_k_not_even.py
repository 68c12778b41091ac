"""The smallest d_k above the threshold, forgetting it must be even."""
smallest_d_k_unscaled = 7
smallest_d_k_scaled = 43
