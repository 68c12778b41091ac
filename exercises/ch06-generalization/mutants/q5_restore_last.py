"""Keeps the last weights: the restored epoch is the stop epoch."""
q5_a_restored = 7
q5_b_restored = 3
