"""Counts the evaluations of a one-sided check: one per parameter plus J(w) once."""
q6_evaluations = 784 * 128 + 128 + 128 * 10 + 10 + 1
