"""Updates w in place (w -= ...), changing the caller's array."""
def weight_decay_step(w, grad, lr, weight_decay):
    grad = np.asarray(grad, dtype=float)
    w -= lr * (grad + weight_decay * w)
    return w
