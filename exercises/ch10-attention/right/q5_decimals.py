"""Numbers written out to 6 significant digits, d_k as floats."""
weights_by_hand = (0.866813, 0.117310, 0.0158762)
output_by_hand = (1.02558, 0.276073)
entropy_scaled = 1.63943
entropy_unscaled = 0.575191
smallest_d_k_unscaled = 8.0
smallest_d_k_scaled = 44.0
