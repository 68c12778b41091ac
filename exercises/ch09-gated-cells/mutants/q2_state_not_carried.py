"""Every step starts again from h0."""
def gru_cho(X, h0, P):
    X, h0 = np.asarray(X, dtype=float), np.asarray(h0, dtype=float)
    P = {k: np.asarray(v, dtype=float) for k, v in P.items()}
    sig = lambda a: 1.0 / (1.0 + np.exp(-a))
    H = []
    for x in X:
        r = sig(x @ P["W_r"] + h0 @ P["U_r"] + P["b_r"])
        z = sig(x @ P["W_z"] + h0 @ P["U_z"] + P["b_z"])
        n = np.tanh(x @ P["W_n"] + (r * h0) @ P["U_n"] + P["b_n"])
        H.append(z * h0 + (1.0 - z) * n)
    return np.array(H)
