"""sech^2 z = 1/100 means cosh z = 10; the sigmoid at twice that z."""
z_tanh = math.acosh(10)
z_sigmoid = 2 * math.acosh(10)
