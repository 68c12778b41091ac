"""Drops the q^2 term from the backward pass altogether."""
q1_grads = (16.0, 12.0, 3.0)
