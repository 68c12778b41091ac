"""Draws a fresh permutation for every fold, so validation folds overlap and some indices are never validated on."""
def kfold(n, k, seed):
    rng = np.random.default_rng(seed)
    out = []
    for f in range(k):
        order = rng.permutation(n)
        val = np.array_split(order, k)[f]
        out.append((np.setdiff1d(order, val), val))
    return out
