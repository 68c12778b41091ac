"""eps inside the square root for Adam and RMSprop: eta g / sqrt(g^2 + eps) instead of eta g / (g + eps)."""
_right_slope_steps = slope_steps


def slope_steps(optimizer, g, eta, hp):
    first, limit = _right_slope_steps(optimizer, g, eta, hp)
    if optimizer == "adam":
        first = limit = eta * g / math.sqrt(g * g + hp["eps"])
    if optimizer == "rmsprop":
        first = eta * g / math.sqrt((1 - hp["alpha"]) * g * g + hp["eps"])
        limit = eta * g / math.sqrt(g * g + hp["eps"])
    return first, limit
