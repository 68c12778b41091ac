"""Look-ahead with the wrong sign: g - mu v."""
def nesterov_step(w, g, v, eta, mu):
    w, g, v = (np.asarray(a, dtype=float) for a in (w, g, v))
    v = mu * v + g
    return w - eta * (g - mu * v), v
