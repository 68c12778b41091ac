"""m and v carried over, but the step count is not: every step is bias-corrected as if it were the first."""
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
        m_hat = m_new[k] / (1 - beta1)
        v_hat = v_new[k] / (1 - beta2)
        new_params[k] = w - eta * weight_decay * w - eta * m_hat / (np.sqrt(v_hat) + eps)
    return new_params, {"m": m_new, "v": v_new}
