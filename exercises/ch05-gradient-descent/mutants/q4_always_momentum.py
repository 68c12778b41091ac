"""Assumes plain momentum: fits eta and mu from two steps and never considers Nesterov."""
def identify_momentum(ws, gs):
    ws, gs = np.asarray(ws, dtype=float), np.asarray(gs, dtype=float)
    steps = ws[1:] - ws[:-1]
    g1, g2 = gs[0], gs[1]
    eta = -(steps[0] @ g1) / (g1 @ g1)
    mu = -((steps[1] + eta * g2) @ g1) / (g1 @ g1) / eta
    return "momentum", float(eta), float(mu)
