"""Decays the weights outside the momentum (w - lr (v + lambda w)), the decoupled rule, not SGD's."""
def sgd_step(params, grads, velocity, lr, momentum, weight_decay, exempt):
    new_params, new_velocity = {}, {}
    for name in params:
        w = np.asarray(params[name], dtype=float)
        v = momentum * np.asarray(velocity[name], dtype=float) + np.asarray(grads[name], dtype=float)
        decay = 0.0 if name in exempt else weight_decay * w
        new_velocity[name] = v
        new_params[name] = w - lr * (v + decay)
    return new_params, new_velocity
