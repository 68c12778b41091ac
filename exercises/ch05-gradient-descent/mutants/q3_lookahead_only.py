"""Steps by the look-ahead mu v alone, dropping the gradient term: w - eta mu v."""
def nesterov_step(w, g, v, eta, mu):
    w, g, v = (np.asarray(a, dtype=float) for a in (w, g, v))
    v = mu * v + g
    return w - eta * mu * v, v
