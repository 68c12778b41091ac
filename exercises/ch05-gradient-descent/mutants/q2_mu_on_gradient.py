"""Momentum applied to the wrong term: v + mu g instead of mu v + g."""
def momentum_step(w, g, v, eta, mu):
    w, g, v = (np.asarray(a, dtype=float) for a in (w, g, v))
    v = v + mu * g
    return w - eta * v, v
