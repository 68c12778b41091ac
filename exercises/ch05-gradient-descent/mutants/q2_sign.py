"""Wrong sign: w + eta v climbs the loss instead of descending it."""
def momentum_step(w, g, v, eta, mu):
    w, g, v = (np.asarray(a, dtype=float) for a in (w, g, v))
    v = mu * v + g
    return w + eta * v, v
