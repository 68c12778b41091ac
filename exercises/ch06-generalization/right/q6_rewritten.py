"""Rewritten: the mean taken with np.mean over the residuals' gradient, a saved list of weights, ints returned."""
def train_linear_fixed(X, y, X_val, y_val, w0, lr, lam, epochs, patience):
    X, y, X_val, y_val = (np.array(a, dtype=float) for a in (X, y, X_val, y_val))
    w = np.array(w0, dtype=float)
    history, losses = [], []
    stop = epochs - 1
    for epoch in range(epochs):
        residual = X @ w - y
        w -= lr * (2 * np.mean(X * residual[:, None], axis=0) + lam * w)
        history.append(w.copy())
        losses.append(float(np.mean((X_val @ w - y_val) ** 2)))
        best = int(np.argmin(losses))           # argmin returns the first of equal values: ties do not improve
        if epoch - best >= patience:
            stop = epoch
            break
    best = int(np.argmin(losses))
    return history[best], best, stop
