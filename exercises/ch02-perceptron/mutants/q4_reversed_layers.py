"""Applies the layers from last to first."""
def forward(X, params):
    A = np.asarray(X, dtype=float)
    params = list(params)[::-1]
    for l, (W, b) in enumerate(params):
        Z = A @ W + b
        A = Z if l == len(params) - 1 else np.maximum(Z, 0.0)
    return A
