"""Worked out exactly with fractions from the two outcomes, handed in as floats."""
from fractions import Fraction as _F

_h, _p = _F(2), _F(3, 5)
_kept = _h / (1 - _p)
_mean = (1 - _p) * _kept
q2_kept, q2_mean = float(_kept), float(_mean)
q2_variance = float((1 - _p) * _kept ** 2 - _mean ** 2)
q2_eval = float(_h)
