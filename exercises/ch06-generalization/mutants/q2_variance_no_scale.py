"""Gives the variance of the unscaled output m h: h^2 p (1 - p)."""
q2_variance = 2 ** 2 * 0.6 * (1 - 0.6)
