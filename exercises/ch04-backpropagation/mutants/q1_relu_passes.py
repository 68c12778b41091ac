"""Lets the gradient through the relu although its input y z = -8 is negative."""
q1_grads = (18.0, 18.0, 1.0)
