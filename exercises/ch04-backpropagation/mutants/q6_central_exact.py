"""Believes the central difference of a polynomial is exact."""
q6_central_error = 0.0
