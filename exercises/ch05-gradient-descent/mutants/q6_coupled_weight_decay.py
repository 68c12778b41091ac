"""Adam's coupled weight decay: lam w added to the gradient (so it goes through m, v and the scaling) instead of shrinking the weights directly."""
def adamw_step(params, grads, state, eta, betas, eps, weight_decay):
    beta1, beta2 = betas
    if state is None:
        state = {"t": 0, "m": {k: np.zeros(np.shape(p)) for k, p in params.items()},
                 "v": {k: np.zeros(np.shape(p)) for k, p in params.items()}}
    t = state["t"] + 1
    new_params, m_new, v_new = {}, {}, {}
    for k, p in params.items():
        w = np.asarray(p, dtype=float)
        g = np.asarray(grads[k], dtype=float) + weight_decay * w
        m_new[k] = beta1 * state["m"][k] + (1 - beta1) * g
        v_new[k] = beta2 * state["v"][k] + (1 - beta2) * g**2
        m_hat = m_new[k] / (1 - beta1**t)
        v_hat = v_new[k] / (1 - beta2**t)
        new_params[k] = w - eta * m_hat / (np.sqrt(v_hat) + eps)
    return new_params, {"t": t, "m": m_new, "v": v_new}
