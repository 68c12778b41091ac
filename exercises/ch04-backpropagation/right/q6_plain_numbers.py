"""The three numbers typed in, one as a float."""
q6_evaluations = 203540.0
q6_forward_error = 0.006001
q6_central_error = 1e-6
