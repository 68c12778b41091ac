"""Each product sends an input the gradient times that input itself instead of the other one."""
q1_grads = (39.0, 3.0, 48.0)
