"""Takes d(q^2)/dq to be q instead of 2q."""
q1_grads = (17.0, 13.0, 3.0)
