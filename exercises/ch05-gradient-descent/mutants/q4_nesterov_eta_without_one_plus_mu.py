"""Recognises the kind, but takes Nesterov's eta from its first step as if it were -eta g_1 (it is -eta (1 + mu) g_1)."""
def identify_momentum(ws, gs):
    ws, gs = np.asarray(ws, dtype=float), np.asarray(gs, dtype=float)
    steps = ws[1:] - ws[:-1]
    g1, g2 = gs[0], gs[1]
    c = -(steps[0] @ g1) / (g1 @ g1)
    a = -((steps[1] + c * g2) @ g1) / (g1 @ g1)
    r = a / c
    mu_n = (r + math.sqrt(r * r + 4 * r)) / 2
    fits = {"momentum": (c, r), "nesterov": (c / (1 + mu_n), mu_n)}

    def misfit(kind, eta, mu):
        v, worst = np.zeros_like(g1), 0.0
        for g, step in zip(gs, steps):
            v = mu * v + g
            predicted = -eta * (g + mu * v) if kind == "nesterov" else -eta * v
            worst = max(worst, float(np.max(np.abs(predicted - step))))
        return worst

    kind = min(fits, key=lambda k: misfit(k, *fits[k]))
    return kind, float(c), float(fits[kind][1])
