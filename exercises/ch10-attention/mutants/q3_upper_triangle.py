"""j >= i and j - i < window: the window looks ahead."""
def local_attention_mask(lengths, T, window):
    i, j = np.arange(T)[:, None], np.arange(T)[None, :]
    return ((j >= i) & (j - i < window))[None] & (j[None] < np.asarray(lengths)[:, None, None])
