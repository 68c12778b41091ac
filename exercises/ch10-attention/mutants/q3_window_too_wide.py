"""i - j <= window: one key too many."""
def local_attention_mask(lengths, T, window):
    i, j = np.arange(T)[:, None], np.arange(T)[None, :]
    return ((j <= i) & (i - j <= window))[None] & (j[None] < np.asarray(lengths)[:, None, None])
