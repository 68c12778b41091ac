"""Weight decay with the wrong sign: w - lr (grad - lambda w) pushes the weights away from 0."""
def weight_decay_step(w, grad, lr, weight_decay):
    w, grad = np.asarray(w, dtype=float), np.asarray(grad, dtype=float)
    return w - lr * (grad - weight_decay * w)
