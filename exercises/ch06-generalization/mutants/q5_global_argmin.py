"""Restores the epoch with the lowest loss of the whole curve, including epochs after the stop that were never trained."""
q5_a_restored = 10
q5_b_restored = 4
