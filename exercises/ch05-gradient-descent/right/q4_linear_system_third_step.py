"""Both kinds share the form step_1 = -c g_1, step_2 = -c g_2 - a g_1: solve (c, a) by least squares, then let the third step decide."""
def identify_momentum(ws, gs):
    ws, gs = np.asarray(ws, dtype=float), np.asarray(gs, dtype=float)
    steps = np.diff(ws, axis=0)
    d = ws.shape[1]
    A = np.block([[-gs[0][:, None], np.zeros((d, 1))], [-gs[1][:, None], -gs[0][:, None]]])
    (c, a), *_ = np.linalg.lstsq(A, np.concatenate([steps[0], steps[1]]), rcond=None)
    eta_m, mu_m = c, a / c                       # momentum: c = eta, a = eta mu
    r = a / c                                    # Nesterov: c = eta (1 + mu), a = eta mu^2
    mu_n = (r + np.sqrt(r**2 + 4 * r)) / 2
    eta_n = c / (1 + mu_n)
    g1, g2, g3 = gs[0], gs[1], gs[2]
    third_m = -eta_m * (g3 + mu_m * g2 + mu_m**2 * g1)
    third_n = -eta_n * ((1 + mu_n) * g3 + mu_n**2 * g2 + mu_n**3 * g1)
    if np.linalg.norm(third_m - steps[2]) <= np.linalg.norm(third_n - steps[2]):
        return "momentum", eta_m, mu_m
    return "nesterov", eta_n, mu_n
