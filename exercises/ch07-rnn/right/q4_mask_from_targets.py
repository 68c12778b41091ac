"""The mask read off the targets (pad never occurs in a sentence), the rows built with np.pad."""
def next_token_batch(docs, bos, eos, pad):
    L = max(len(doc) for doc in docs) + 1
    inputs = np.stack([np.pad(np.r_[bos, np.asarray(doc, dtype=int)], (0, L - len(doc) - 1), constant_values=pad) for doc in docs])
    targets = np.stack([np.pad(np.r_[np.asarray(doc, dtype=int), eos], (0, L - len(doc) - 1), constant_values=pad) for doc in docs])
    return inputs, targets, targets != pad
