"""Divides by the root of the old sum and adds g^2 afterwards: the first step is g / eps, enormous."""
def adagrad_step(w, g, G, eta, eps):
    w, g, G = (np.asarray(a, dtype=float) for a in (w, g, G))
    w = w - eta * g / (np.sqrt(G) + eps)
    return w, G + g**2
