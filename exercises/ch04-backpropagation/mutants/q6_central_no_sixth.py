"""Takes the central difference's error to be h^2 f'''(w), forgetting the 1/6."""
q6_central_error = 1e-3 ** 2 * 6
