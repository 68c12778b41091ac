"""One example at a time, W @ x + b as in PyTorch's docs, returned as nested lists."""
def forward_torch_layout(X, layers):
    out = []
    for x in np.asarray(X, dtype=float):
        a = x
        for l, (W, b) in enumerate(layers):
            z = W @ a + b
            a = z if l == len(layers) - 1 else np.tanh(z)
        out.append(list(a))
    return out
