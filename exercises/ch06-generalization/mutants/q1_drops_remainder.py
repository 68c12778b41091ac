"""Gives every fold n // k indices and drops the n % k left over: some examples are never validated on."""
def kfold(n, k, seed):
    order = np.random.default_rng(seed).permutation(n)
    size = n // k
    folds = [order[f * size:(f + 1) * size] for f in range(k)]
    return [(np.setdiff1d(order, val), val) for val in folds]
