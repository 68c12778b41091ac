"""The bias added after the activation: tanh(A W^T) + b."""
def forward_torch_layout(X, layers):
    A = np.asarray(X, dtype=float)
    for l, (W, b) in enumerate(layers):
        A = A @ W.T + b if l == len(layers) - 1 else np.tanh(A @ W.T) + b
    return A
