"""Divides by G + eps, forgetting the square root."""
def adagrad_step(w, g, G, eta, eps):
    w, g, G = (np.asarray(a, dtype=float) for a in (w, g, G))
    G = G + g**2
    return w - eta * g / (G + eps), G
