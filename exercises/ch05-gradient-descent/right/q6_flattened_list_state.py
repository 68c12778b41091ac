"""All parameters flattened into one vector; the state a list [t, m, v] of flat arrays; betas indexed."""
def adamw_step(params, grads, state, eta, betas, eps, weight_decay):
    names = list(params)
    shapes = [np.shape(params[k]) for k in names]
    w = np.concatenate([np.ravel(params[k]).astype(float) for k in names])
    g = np.concatenate([np.ravel(grads[k]).astype(float) for k in names])
    if state is None:
        state = [0, np.zeros_like(w), np.zeros_like(w)]
    t = state[0] + 1
    m = betas[0] * state[1] + (1 - betas[0]) * g
    v = betas[1] * state[2] + (1 - betas[1]) * np.square(g)
    w_new = w - eta * (weight_decay * w + (m / (1 - betas[0] ** t)) / (np.sqrt(v / (1 - betas[1] ** t)) + eps))
    out, start = {}, 0
    for k, shape in zip(names, shapes):
        size = int(np.prod(shape))
        out[k] = w_new[start:start + size].reshape(shape)
        start += size
    return out, [t, m, v]
