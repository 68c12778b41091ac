"""Updates the caller's arrays in place (w -= lr * v, v *= mu; v += g): the values returned are right, but params and velocity are overwritten."""
def sgd_step(params, grads, velocity, lr, momentum, weight_decay, exempt):
    for name in params:
        w, v = params[name], velocity[name]
        g = np.asarray(grads[name], dtype=float)
        if name not in exempt:
            g = g + weight_decay * w
        v *= momentum
        v += g
        w -= lr * v
    return params, velocity
