"""Steps with the old velocity and updates v afterwards: the step lags one gradient behind."""
def momentum_step(w, g, v, eta, mu):
    w, g, v = (np.asarray(a, dtype=float) for a in (w, g, v))
    w = w - eta * v
    return w, mu * v + g
