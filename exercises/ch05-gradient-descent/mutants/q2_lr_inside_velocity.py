"""The other common convention, v <- mu v + eta g and w <- w - v: the same w for a constant eta, but v is eta times torch's velocity."""
def momentum_step(w, g, v, eta, mu):
    w, g, v = (np.asarray(a, dtype=float) for a in (w, g, v))
    v = mu * v + eta * g
    return w - v, v
