"""Velocity as a dampened average mu v + (1 - mu) g (an exponential moving average), not torch's mu v + g."""
def momentum_step(w, g, v, eta, mu):
    w, g, v = (np.asarray(a, dtype=float) for a in (w, g, v))
    v = mu * v + (1 - mu) * g
    return w - eta * v, v
