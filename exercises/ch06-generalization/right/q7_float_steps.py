"""A float for the steps, the minimiser from an exact fraction converted to float."""
from fractions import Fraction as _F

q7_steps = 4603.0
q7_minimiser = float(_F(12, 5))
