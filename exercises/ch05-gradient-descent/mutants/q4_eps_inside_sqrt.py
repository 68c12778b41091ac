"""eps inside the square root, sqrt(G + eps), instead of torch's sqrt(G) + eps."""
def adagrad_step(w, g, G, eta, eps):
    w, g, G = (np.asarray(a, dtype=float) for a in (w, g, G))
    G = G + g**2
    return w - eta * g / np.sqrt(G + eps), G
