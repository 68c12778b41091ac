"""Restores the lowest loss among the trained epochs, although epoch 5 did not improve by more than min_delta and was never saved."""
q5_a_restored = 5
