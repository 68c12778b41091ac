"""Scalar loops with math, returning a list of lists."""
def gru_cho(X, h0, P):
    X = np.asarray(X, dtype=float)
    d, n = np.shape(P["W_r"])
    sig = lambda v: 1 / (1 + math.exp(-v))
    def affine(x, hv, g):
        return [sum(x[k] * P[f"W_{g}"][k][j] for k in range(d)) + sum(hv[k] * P[f"U_{g}"][k][j] for k in range(n))
                + P[f"b_{g}"][j] for j in range(n)]
    h, H = [float(v) for v in h0], []
    for x in X:
        r = [sig(v) for v in affine(x, h, "r")]
        z = [sig(v) for v in affine(x, h, "z")]
        cand = [math.tanh(v) for v in affine(x, [r[j] * h[j] for j in range(n)], "n")]
        h = [z[j] * h[j] + (1 - z[j]) * cand[j] for j in range(n)]
        H.append(h)
    return H
