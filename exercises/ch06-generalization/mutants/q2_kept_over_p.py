"""Scales a kept unit by 1 / p instead of 1 / (1 - p)."""
q2_kept = 2 / 0.6
