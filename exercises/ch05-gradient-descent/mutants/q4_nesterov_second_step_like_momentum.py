"""Nesterov's second step written like momentum's, -eta (1 + mu) g_2 - eta mu g_1 (it is ... - eta mu^2 g_1), so its mu is solved from the wrong equation."""
def identify_momentum(ws, gs):
    ws, gs = np.asarray(ws, dtype=float), np.asarray(gs, dtype=float)
    steps = ws[1:] - ws[:-1]
    g1, g2 = gs[0], gs[1]
    c = -(steps[0] @ g1) / (g1 @ g1)
    a = -((steps[1] + c * g2) @ g1) / (g1 @ g1)
    mu_n = a / (c - a)                          # from eta (1 + mu) = c and eta mu = a
    fits = {"momentum": (c, a / c), "nesterov": (c / (1 + mu_n), mu_n)}

    def misfit(kind, eta, mu):
        v, worst = np.zeros_like(g1), 0.0
        for g, step in zip(gs, steps):
            v = mu * v + g
            predicted = -eta * (g + mu * v) if kind == "nesterov" else -eta * v
            worst = max(worst, float(np.max(np.abs(predicted - step))))
        return worst

    kind = min(fits, key=lambda k: misfit(k, *fits[k]))
    return kind, float(fits[kind][0]), float(fits[kind][1])
