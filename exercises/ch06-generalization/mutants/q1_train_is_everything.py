"""Trains on the whole shuffled order, validation fold included."""
def kfold(n, k, seed):
    order = np.random.default_rng(seed).permutation(n)
    return [(order, val) for val in np.array_split(order, k)]
