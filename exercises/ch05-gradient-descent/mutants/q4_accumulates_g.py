"""Accumulates the gradients g instead of their squares g^2."""
def adagrad_step(w, g, G, eta, eps):
    w, g, G = (np.asarray(a, dtype=float) for a in (w, g, G))
    G = G + g
    return w - eta * g / (np.sqrt(np.abs(G)) + eps), G
