"""Subtracts lambda w from the gradient, which pushes the weights away from 0."""
def sgd_step(params, grads, velocity, lr, momentum, weight_decay, exempt):
    new_params, new_velocity = {}, {}
    for name in params:
        w = np.asarray(params[name], dtype=float)
        g = np.asarray(grads[name], dtype=float)
        if name not in exempt:
            g = g - weight_decay * w
        v = momentum * np.asarray(velocity[name], dtype=float) + g
        new_velocity[name], new_params[name] = v, w - lr * v
    return new_params, new_velocity
