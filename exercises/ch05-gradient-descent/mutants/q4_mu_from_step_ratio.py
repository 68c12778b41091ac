"""mu taken as the ratio of two consecutive steps, as if the gradient had not changed between them."""
def identify_momentum(ws, gs):
    ws, gs = np.asarray(ws, dtype=float), np.asarray(gs, dtype=float)
    steps = ws[1:] - ws[:-1]
    g1 = gs[0]
    ratio = (steps[1] @ steps[0]) / (steps[0] @ steps[0])
    c = -(steps[0] @ g1) / (g1 @ g1)
    fits = {"momentum": (c, ratio), "nesterov": (c / (1 + ratio), ratio)}

    def misfit(kind, eta, mu):
        v, worst = np.zeros_like(g1), 0.0
        for g, step in zip(gs, steps):
            v = mu * v + g
            predicted = -eta * (g + mu * v) if kind == "nesterov" else -eta * v
            worst = max(worst, float(np.max(np.abs(predicted - step))))
        return worst

    kind = min(fits, key=lambda k: misfit(k, *fits[k]))
    return kind, float(fits[kind][0]), float(fits[kind][1])
