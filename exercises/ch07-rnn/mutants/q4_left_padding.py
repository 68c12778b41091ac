"""Padded at the start of each row instead of the end."""
def next_token_batch(docs, bos, eos, pad):
    L = max(len(doc) for doc in docs) + 1
    inputs = np.full((len(docs), L), pad, dtype=np.int64)
    targets = np.full((len(docs), L), pad, dtype=np.int64)
    mask = np.zeros((len(docs), L), dtype=bool)
    for b, doc in enumerate(docs):
        n = len(doc)
        inputs[b, L - n - 1:] = [bos, *doc]
        targets[b, L - n - 1:] = [*doc, eos]
        mask[b, L - n - 1:] = True
    return inputs, targets, mask
