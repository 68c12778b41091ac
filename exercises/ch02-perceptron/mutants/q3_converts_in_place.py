"""Converts the list to our layout in place: the caller's list now holds transposed weights."""
def forward_torch_layout(X, layers):
    for i, (W, b) in enumerate(layers):
        layers[i] = (W.T, b)
    A = np.asarray(X, dtype=float)
    for l, (W, b) in enumerate(layers):
        Z = A @ W + b
        A = Z if l == len(layers) - 1 else np.tanh(Z)
    return A
