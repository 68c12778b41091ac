"""The three numbers as a list of ints."""
q1_grads = [18, 14, 3]
