"""A dict of closed forms, np.sqrt and np.float64; Adam's first step written with its bias-corrected moments."""
def slope_steps(optimizer, g, eta, hp):
    g = np.float64(g)
    eps = hp.get("eps", 0.0)
    mu = hp.get("momentum", 0.0)
    b1, b2 = hp.get("betas", (0.9, 0.999))
    m_hat = (1 - b1) * g / (1 - b1)
    v_hat = (1 - b2) * g * g / (1 - b2)
    table = {
        "sgd": lambda: (eta * g, eta * g),
        "momentum": lambda: (eta * g, eta * g / (1 - mu)),
        "nesterov": lambda: (eta * (g + mu * g), eta * g / (1 - mu)),
        "adagrad": lambda: (eta * g / (np.sqrt(g * g) + eps), np.float64(0)),
        "rmsprop": lambda: (eta * g / (np.sqrt((1 - hp["alpha"]) * g * g) + eps), eta * g / (np.sqrt(g * g) + eps)),
        "adadelta": lambda: (eta * np.sqrt(0 + eps) / np.sqrt((1 - hp["rho"]) * g * g + eps) * g, eta * g),
        "adam": lambda: (eta * m_hat / (np.sqrt(v_hat) + eps), eta * g / (g + eps)),
    }
    return table[optimizer]()
