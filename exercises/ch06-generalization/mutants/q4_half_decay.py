"""Adds (lambda / 2) w to the gradient: the derivative of (lambda/2) w^2 taken without its factor 2."""
def sgd_step(params, grads, velocity, lr, momentum, weight_decay, exempt):
    new_params, new_velocity = {}, {}
    for name in params:
        w = np.asarray(params[name], dtype=float)
        g = np.asarray(grads[name], dtype=float)
        if name not in exempt:
            g = g + weight_decay / 2 * w
        v = momentum * np.asarray(velocity[name], dtype=float) + g
        new_velocity[name], new_params[name] = v, w - lr * v
    return new_params, new_velocity
