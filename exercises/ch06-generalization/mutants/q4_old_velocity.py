"""Steps with the old velocity and only then updates it: w - lr v_old."""
def sgd_step(params, grads, velocity, lr, momentum, weight_decay, exempt):
    new_params, new_velocity = {}, {}
    for name in params:
        w = np.asarray(params[name], dtype=float)
        g = np.asarray(grads[name], dtype=float)
        if name not in exempt:
            g = g + weight_decay * w
        v_old = np.asarray(velocity[name], dtype=float)
        new_params[name] = w - lr * v_old
        new_velocity[name] = momentum * v_old + g
    return new_params, new_velocity
