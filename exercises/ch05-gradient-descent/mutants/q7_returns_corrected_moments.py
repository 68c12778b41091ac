"""Returns the bias-corrected m_hat and v_hat as the new state: the next step corrects them again."""
def adam_step(w, g, m, v, t, eta, beta1, beta2, eps):
    w, g, m, v = (np.asarray(a, dtype=float) for a in (w, g, m, v))
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return w - eta * m_hat / (np.sqrt(v_hat) + eps), m_hat, v_hat
