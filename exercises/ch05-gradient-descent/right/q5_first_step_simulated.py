"""The first step computed by running one step of each optimizer from its zero state; the limits derived by hand."""
def slope_steps(optimizer, g, eta, hp):
    w = 0.0
    if optimizer in ("sgd", "momentum", "nesterov"):
        mu = hp.get("momentum", 0.0)
        v = mu * 0.0 + g
        w -= eta * (g + mu * v if optimizer == "nesterov" else v)
        limit = eta * g / (1 - mu)
    elif optimizer == "adagrad":
        G = 0.0 + g * g
        w -= eta * g / (math.sqrt(G) + hp["eps"])
        limit = 0
    elif optimizer == "rmsprop":
        s = (1 - hp["alpha"]) * g * g
        w -= eta * g / (math.sqrt(s) + hp["eps"])
        limit = eta * g / (g + hp["eps"])
    elif optimizer == "adadelta":
        rho, eps = hp["rho"], hp["eps"]
        s = (1 - rho) * g * g
        w -= eta * math.sqrt(0.0 + eps) / math.sqrt(s + eps) * g
        limit = eta * g
    else:
        (b1, b2), eps = hp["betas"], hp["eps"]
        m, v = (1 - b1) * g, (1 - b2) * g * g
        w -= eta * (m / (1 - b1)) / (math.sqrt(v / (1 - b2)) + eps)
        limit = eta * g / (g + eps)
    return -w, limit
