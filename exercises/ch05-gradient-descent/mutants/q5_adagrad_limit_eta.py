"""Adagrad's limit taken as its first step, eta g / (g + eps), as if its steps stayed sign-sized; its sum of squares grows forever, so they shrink to 0."""
_right_slope_steps = slope_steps


def slope_steps(optimizer, g, eta, hp):
    first, limit = _right_slope_steps(optimizer, g, eta, hp)
    if optimizer == "adagrad":
        limit = eta * g / (g + hp["eps"])
    return first, limit
