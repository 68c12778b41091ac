"""Scales by 1 - p in evaluation mode, as the original (non-inverted) dropout does."""
q2_eval = (1 - 0.6) * 2
