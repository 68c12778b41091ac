"""The three numbers as a numpy array, worked out step by step in code."""
_x, _y, _z = 3.0, -2.0, 4.0
_q, _r = _x + _y, _x * _z
_dq = _r + 2 * _q          # through s = q r and through q^2
_dr = _q
_drelu = 1.0 if _y * _z > 0 else 0.0
q1_grads = np.array([_dq + _z * _dr, _dq + _z * _drelu, _x * _dr + _y * _drelu])
