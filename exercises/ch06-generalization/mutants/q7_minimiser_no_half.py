"""Penalises lambda w^2 (no 1/2): w = 6 / (2 + 2 lambda)."""
q7_minimiser = 2.0
