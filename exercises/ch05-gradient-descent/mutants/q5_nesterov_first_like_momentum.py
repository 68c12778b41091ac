"""Nesterov's first step taken as eta g, like plain momentum's; its look-ahead term makes it eta (1 + mu) g."""
_right_slope_steps = slope_steps


def slope_steps(optimizer, g, eta, hp):
    first, limit = _right_slope_steps(optimizer, g, eta, hp)
    if optimizer == "nesterov":
        first = eta * g
    return first, limit
