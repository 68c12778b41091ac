"""Look-ahead term built from the old velocity: g + mu v_old instead of g + mu v_new."""
def nesterov_step(w, g, v, eta, mu):
    w, g, v = (np.asarray(a, dtype=float) for a in (w, g, v))
    w = w - eta * (g + mu * v)
    return w, mu * v + g
