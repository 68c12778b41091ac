"""Builds each row's k x k Jacobian diag(p) - p p^T with einsum and multiplies."""
def softmax_jvp(Z, V):
    Z, V = np.asarray(Z, dtype=float), np.asarray(V, dtype=float)
    P = np.exp(Z - np.logaddexp.reduce(Z, axis=1, keepdims=True))
    Jac = np.einsum("na,ab->nab", P, np.eye(Z.shape[1])) - np.einsum("na,nb->nab", P, P)
    return np.einsum("nab,nb->na", Jac, V)
