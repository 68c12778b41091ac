"""Shrinks by (1 - lambda) instead of (1 - eta lambda): the decay is not multiplied by the learning rate."""
def weight_decay_step(w, grad, lr, weight_decay):
    w, grad = np.asarray(w, dtype=float), np.asarray(grad, dtype=float)
    return w - lr * grad - weight_decay * w
