"""r and z from one stacked matrix; the input part of n precomputed for every step."""
def gru_cho(X, h0, P):
    X = np.asarray(X, dtype=float)
    W_rz = np.concatenate([P["W_r"], P["W_z"]], axis=1)
    U_rz = np.concatenate([P["U_r"], P["U_z"]], axis=1)
    b_rz = np.concatenate([P["b_r"], P["b_z"]])
    XW_n = X @ np.asarray(P["W_n"]) + P["b_n"]
    n = len(P["b_r"])
    h = np.array(h0, dtype=float)
    H = np.empty((len(X), n))
    for t in range(len(X)):
        rz = 0.5 * (1 + np.tanh(0.5 * (X[t] @ W_rz + h @ U_rz + b_rz)))
        r, z = rz[:n], rz[n:]
        h = h + (1 - z) * (np.tanh(XW_n[t] + (r * h) @ np.asarray(P["U_n"])) - h)
        H[t] = h
    return H
