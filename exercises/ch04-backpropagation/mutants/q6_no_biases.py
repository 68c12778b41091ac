"""Counts only the weights, not the biases: 2 (784 x 128 + 128 x 10)."""
q6_evaluations = 2 * (784 * 128 + 128 * 10)
