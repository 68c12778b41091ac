"""Adds lambda w to a gradient that already holds it (L2 in the loss and weight decay in the optimizer): the decay is applied twice."""
def weight_decay_step(w, grad, lr, weight_decay):
    w, grad = np.asarray(w, dtype=float), np.asarray(grad, dtype=float)
    grad = grad + weight_decay * w
    return w - lr * (grad + weight_decay * w)
