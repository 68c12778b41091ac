"""torch's GRU: r * (h U_n) instead of Cho's (r * h) U_n."""
def gru_cho(X, h0, P):
    X, h = np.asarray(X, dtype=float), np.asarray(h0, dtype=float)
    P = {k: np.asarray(v, dtype=float) for k, v in P.items()}
    sig = lambda a: 1.0 / (1.0 + np.exp(-a))
    H = []
    for x in X:
        r = sig(x @ P["W_r"] + h @ P["U_r"] + P["b_r"])
        z = sig(x @ P["W_z"] + h @ P["U_z"] + P["b_z"])
        n = np.tanh(x @ P["W_n"] + r * (h @ P["U_n"]) + P["b_n"])
        h = z * h + (1.0 - z) * n
        H.append(h)
    return np.array(H)
