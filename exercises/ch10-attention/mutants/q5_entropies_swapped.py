"""Scaled and unscaled entropies swapped."""
entropy_scaled, entropy_unscaled = entropy_unscaled, entropy_scaled
