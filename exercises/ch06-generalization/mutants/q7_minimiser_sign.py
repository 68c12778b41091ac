"""Subtracts the penalty's gradient: w = 6 / (2 - lambda)."""
q7_minimiser = 4.0
