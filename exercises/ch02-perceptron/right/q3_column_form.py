"""The lecture's column form: Z^T = W A^T + b, transposed back at the end."""
def forward_torch_layout(X, layers):
    A_T = np.asarray(X, dtype=float).T  # (d_0, n)
    for l, (W, b) in enumerate(layers):
        Z_T = W @ A_T + np.asarray(b)[:, None]
        A_T = Z_T if l == len(layers) - 1 else np.tanh(Z_T)
    return A_T.T
