"""One formula: first layer, then the layers - 1 others."""
def recurrent_param_count(cell, d, h, layers=1, bidirectional=False):
    G = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
    D = 2 if bidirectional else 1
    first = G * h * (d + h + 2)
    rest = G * h * (D * h + h + 2)
    return D * (first + (layers - 1) * rest)
