"""Swaps the keep and drop probabilities in the variance: h^2 (1 - p) / p."""
q2_variance = 2 ** 2 * (1 - 0.6) / 0.6
