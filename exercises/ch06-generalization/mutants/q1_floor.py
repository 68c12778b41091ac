"""Uses int() (rounding down) for the part sizes instead of round()."""
def train_val_test_split(n, fractions, seed):
    f_train, f_val, f_test = fractions
    order = np.random.default_rng(seed).permutation(n)
    n_train, n_val = int(f_train * n), int(f_val * n)
    return order[:n_train], order[n_train:n_train + n_val], order[n_train + n_val:]
