"""Plain Python loops over units with math, returning lists."""
def lstm_final_state(X, lengths, W, U, b):
    X, W, U, b = np.asarray(X, dtype=float), np.asarray(W, dtype=float), np.asarray(U, dtype=float), np.asarray(b, dtype=float)
    n, d = U.shape[0], W.shape[0]
    sig = lambda v: 0.5 * (1 + math.tanh(v / 2))
    H, C = [], []
    for seq, L in zip(X, lengths):
        h, c = [0.0] * n, [0.0] * n
        for t in range(int(L)):
            a = [sum(seq[t][k] * W[k][j] for k in range(d)) + sum(h[k] * U[k][j] for k in range(n)) + b[j]
                 for j in range(4 * n)]
            c = [sig(a[u]) * c[u] + sig(a[n + u]) * math.tanh(a[3 * n + u]) for u in range(n)]
            h = [sig(a[2 * n + u]) * math.tanh(c[u]) for u in range(n)]
        H.append(h)
        C.append(c)
    return H, C
