"""Lists the shapes of torch's tensors, as named in its documentation, and multiplies them out."""
def recurrent_param_count(cell, d, h, layers=1, bidirectional=False):
    rows = {"rnn": h, "lstm": 4 * h, "gru": 3 * h}[cell]
    shapes = []
    for layer in range(layers):
        inputs = d if layer == 0 else h * (2 if bidirectional else 1)
        for _ in range(2 if bidirectional else 1):
            shapes += [(rows, inputs), (rows, h), (rows,), (rows,)]
    return int(sum(np.prod(s, dtype=object) for s in shapes))
