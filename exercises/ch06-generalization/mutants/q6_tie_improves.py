"""Fixes the three bugs but counts a tie as an improvement (<=)."""
def train_linear_fixed(X, y, X_val, y_val, w0, lr, lam, epochs, patience):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    X_val, y_val = np.asarray(X_val, dtype=float), np.asarray(y_val, dtype=float)
    w = np.array(w0, dtype=float)
    n = len(y)
    best_loss, best_epoch, best_w, wait = np.inf, 0, w.copy(), 0
    for epoch in range(epochs):
        w = w - lr * (2 / n * X.T @ (X @ w - y) + lam * w)
        val_loss = np.mean((X_val @ w - y_val) ** 2)
        if val_loss <= best_loss:
            best_loss, best_epoch, best_w, wait = val_loss, epoch, w.copy(), 0
        else:
            wait += 1
            if wait >= patience:
                break
    return best_w, best_epoch, epoch
