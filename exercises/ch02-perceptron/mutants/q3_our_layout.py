"""Used the weights in our layout, X @ W, not PyTorch's X @ weight.T."""
def forward_torch_layout(X, layers):
    A = np.asarray(X, dtype=float)
    for l, (W, b) in enumerate(layers):
        Z = A @ W + b
        A = Z if l == len(layers) - 1 else np.tanh(Z)
    return A
