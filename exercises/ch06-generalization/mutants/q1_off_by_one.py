"""Off-by-one slice: the validation part starts one index early, so its first example is also a training example."""
def train_val_test_split(n, fractions, seed):
    f_train, f_val, f_test = fractions
    order = np.random.default_rng(seed).permutation(n)
    n_train, n_val = round(f_train * n), round(f_val * n)
    return order[:n_train], order[n_train - 1:n_train + n_val], order[n_train + n_val:]
