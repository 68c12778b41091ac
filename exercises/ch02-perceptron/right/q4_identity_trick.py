"""Push the identity and the zero vector through the stack: b = f(0), W = f(I) - f(0)."""
def collapse(layers):
    d0 = np.asarray(layers[0][0]).shape[0]
    A = np.vstack([np.zeros((1, d0)), np.eye(d0)])
    for W_l, b_l in layers:
        A = A @ W_l + b_l
    return A[1:] - A[0], A[0]
