"""Takes the forward difference's error to be h f''(w), forgetting Taylor's 1/2."""
q6_forward_error = 1e-3 * 12
