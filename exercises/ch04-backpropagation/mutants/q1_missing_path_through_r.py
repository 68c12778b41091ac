"""Forgets that x is used twice: only the path through q reaches x, not the one through r = x z."""
q1_grads = (14.0, 14.0, 3.0)
