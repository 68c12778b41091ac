"""Scalar algebra on the coordinate where the first gradient is largest, then a replay of every step in plain Python."""
def identify_momentum(ws, gs):
    ws = [list(map(float, w)) for w in ws]
    gs = [list(map(float, g)) for g in gs]
    j = max(range(len(gs[0])), key=lambda i: abs(gs[0][i]))
    s1, s2 = ws[1][j] - ws[0][j], ws[2][j] - ws[1][j]
    c = -s1 / gs[0][j]
    a = (-s2 - c * gs[1][j]) / gs[0][j]
    candidates = [("momentum", c, a / c)]
    r = a / c
    mu = (r + math.sqrt(r * r + 4 * r)) / 2
    candidates.append(("nesterov", c / (1 + mu), mu))

    def error(kind, eta, mu):
        v = [0.0] * len(gs[0])
        total = 0.0
        for k, g in enumerate(gs):
            v = [mu * vi + gi for vi, gi in zip(v, g)]
            for i in range(len(g)):
                step = -eta * (g[i] + mu * v[i]) if kind == "nesterov" else -eta * v[i]
                total += (ws[k + 1][i] - ws[k][i] - step) ** 2
        return total

    return min(candidates, key=lambda cand: error(*cand))
