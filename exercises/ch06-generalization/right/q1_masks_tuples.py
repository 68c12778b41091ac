"""Boolean masks over np.array_split of the permutation, pairs returned as tuples in a tuple."""
def kfold(n, k, seed):
    order = np.random.default_rng(seed).permutation(n)
    pairs = []
    for val in np.array_split(order, k):
        mask = np.zeros(n, dtype=bool)
        mask[val] = True
        pairs.append((np.flatnonzero(~mask), np.sort(val)))
    return tuple(pairs)
