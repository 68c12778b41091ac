"""Dict comprehensions; the step written as one expression per name, lists turned into arrays."""
def sgd_step(params, grads, velocity, lr, momentum, weight_decay, exempt):
    lam = {k: (0.0 if k in exempt else weight_decay) for k in params}
    v = {k: momentum * np.array(velocity[k], dtype=float) + np.array(grads[k], dtype=float)
         + lam[k] * np.array(params[k], dtype=float) for k in params}
    return {k: np.array(params[k], dtype=float) - lr * v[k] for k in params}, v
