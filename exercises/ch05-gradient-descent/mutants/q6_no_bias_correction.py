"""No bias correction: steps with m / (sqrt(v) + eps), far too large in the first steps."""
def adamw_step(params, grads, state, eta, betas, eps, weight_decay):
    beta1, beta2 = betas
    if state is None:
        state = {"m": {k: np.zeros(np.shape(p)) for k, p in params.items()},
                 "v": {k: np.zeros(np.shape(p)) for k, p in params.items()}}
    new_params, m_new, v_new = {}, {}, {}
    for k, p in params.items():
        w, g = np.asarray(p, dtype=float), np.asarray(grads[k], dtype=float)
        m_new[k] = beta1 * state["m"][k] + (1 - beta1) * g
        v_new[k] = beta2 * state["v"][k] + (1 - beta2) * g**2
        new_params[k] = w - eta * weight_decay * w - eta * m_new[k] / (np.sqrt(v_new[k]) + eps)
    return new_params, {"m": m_new, "v": v_new}
