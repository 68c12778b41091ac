"""Takes the gradient of (lambda/2)||w||^2 to be (lambda/2) w, forgetting the 2 from the square."""
def weight_decay_step(w, grad, lr, weight_decay):
    w, grad = np.asarray(w, dtype=float), np.asarray(grad, dtype=float)
    return w - lr * (grad + weight_decay / 2 * w)
