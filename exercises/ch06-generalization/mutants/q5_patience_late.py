"""Stops only when wait > patience, one epoch late."""
q5_a_stop = 8
q5_a_restored = 4
q5_b_stop = 4
q5_b_restored = 4
