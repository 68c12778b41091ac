"""Uses the approximation e^(-eta lambda k) < 0.01 instead of the exact factor 0.999^k."""
q7_steps = 4606
