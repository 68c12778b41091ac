"""Nesterov's look-ahead missing: this is plain (heavy-ball) momentum."""
def nesterov_step(w, g, v, eta, mu):
    w, g, v = (np.asarray(a, dtype=float) for a in (w, g, v))
    v = mu * v + g
    return w - eta * v, v
