"""Applies ReLU to the output layer too, so y_hat can never be negative."""
def forward(X, params):
    A = np.asarray(X, dtype=float)
    for W, b in params:
        A = np.maximum(A @ W + b, 0.0)
    return A
