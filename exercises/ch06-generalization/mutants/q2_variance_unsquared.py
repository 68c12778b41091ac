"""Scales the variance by 1 / (1 - p) instead of 1 / (1 - p)^2: h^2 p."""
q2_variance = 2 ** 2 * 0.6 * (1 - 0.6) / (1 - 0.6)
