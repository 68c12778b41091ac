"""Believes dropout shrinks the expected output to (1 - p) h even with the inverted scaling."""
q2_mean = (1 - 0.6) * 2
