"""Computed from the formulas."""
import math as _math

q7_steps = _math.ceil(_math.log(0.01) / _math.log(1 - 0.1 * 0.01))
q7_minimiser = 6 / (2 + 0.5)
