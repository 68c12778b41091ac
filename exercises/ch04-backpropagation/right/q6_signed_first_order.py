"""Signed errors (12 minus quotient) from Taylor's leading terms, as numpy numbers."""
q6_evaluations = np.int64(2) * sum(np.int64(a * b + b) for a, b in [(784, 128), (128, 10)])
q6_forward_error = -np.float64(1e-3 / 2 * 6 * 2)      # -(h/2) f''(w)
q6_central_error = -np.float64(1e-3 ** 2 / 6 * 6)     # -(h^2/6) f'''(w)
