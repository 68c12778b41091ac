"""Ignores min_delta: any lower loss counts as an improvement."""
q5_a_stop = 8
q5_a_restored = 5
