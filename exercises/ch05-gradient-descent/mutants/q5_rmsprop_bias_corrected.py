"""RMSprop's first step taken as eta g / (g + eps), as if it corrected its bias like Adam; it does not, so it divides by sqrt(1 - alpha) g."""
_right_slope_steps = slope_steps


def slope_steps(optimizer, g, eta, hp):
    first, limit = _right_slope_steps(optimizer, g, eta, hp)
    if optimizer == "rmsprop":
        first = eta * g / (g + hp["eps"])
    return first, limit
