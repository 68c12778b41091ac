"""Counts a tie as an improvement (<= instead of <)."""
q5_b_stop = 4
q5_b_restored = 4
