"""RMSProp without the decay: s + g^2 is Adagrad's ever-growing sum."""
def rmsprop_step(w, g, s, eta, alpha, eps):
    w, g, s = (np.asarray(a, dtype=float) for a in (w, g, s))
    s = s + g**2
    return w - eta * g / (np.sqrt(s) + eps), s
