"""A loop over rows with np.diag and np.outer."""
def softmax_jvp(Z, V):
    out = []
    for z, v in zip(np.asarray(Z, dtype=float), np.asarray(V, dtype=float)):
        e = np.exp(z - z.max())
        p = e / e.sum()
        out.append((np.diag(p) - np.outer(p, p)) @ v)
    return np.array(out)
