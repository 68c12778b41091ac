"""Plain Python: random.Random(seed).shuffle, folds dealt round-robin, lists of ints."""
import random as _random


def kfold(n, k, seed):
    order = list(range(n))
    _random.Random(seed).shuffle(order)
    folds = [order[f::k] for f in range(k)]
    return [([i for i in range(n) if i not in set(val)], val) for val in folds]
