"""Deep-copies the dictionaries first, then updates the copies in place."""
import copy as _copy


def sgd_step(params, grads, velocity, lr, momentum, weight_decay, exempt):
    new_params = {k: np.array(v, dtype=float) for k, v in _copy.deepcopy(params).items()}
    new_velocity = {k: np.array(v, dtype=float) for k, v in _copy.deepcopy(velocity).items()}
    for name, w in new_params.items():
        g = np.array(grads[name], dtype=float)
        if name not in exempt:
            g += weight_decay * w
        new_velocity[name] *= momentum
        new_velocity[name] += g
        w -= lr * new_velocity[name]
    return new_params, new_velocity
