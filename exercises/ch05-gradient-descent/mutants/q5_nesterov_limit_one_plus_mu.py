"""Nesterov's limit taken as (1 + mu) times momentum's; g + mu v tends to g / (1 - mu), the same as momentum's v."""
_right_slope_steps = slope_steps


def slope_steps(optimizer, g, eta, hp):
    first, limit = _right_slope_steps(optimizer, g, eta, hp)
    if optimizer == "nesterov":
        limit = eta * (1 + hp["momentum"]) * g / (1 - hp["momentum"])
    return first, limit
