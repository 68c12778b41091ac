"""Three loops filling a zero boolean array."""
def local_attention_mask(lengths, T, window):
    m = np.zeros((len(lengths), T, T), dtype=bool)
    for b, L in enumerate(lengths):
        for i in range(T):
            for j in range(max(0, i - window + 1), min(i, L - 1) + 1):
                m[b, i, j] = True
    return m
