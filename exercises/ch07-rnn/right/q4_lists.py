"""Plain lists of lists, the mask as 0 and 1."""
def next_token_batch(docs, bos, eos, pad):
    L = max(len(doc) for doc in docs) + 1
    inputs, targets, mask = [], [], []
    for doc in docs:
        doc = [int(t) for t in doc]
        fill = L - len(doc) - 1
        inputs.append([bos] + doc + [pad] * fill)
        targets.append(doc + [eos] + [pad] * fill)
        mask.append([1] * (len(doc) + 1) + [0] * fill)
    return inputs, targets, mask
