"""Every layer reads d inputs, as the first one does."""
def recurrent_param_count(cell, d, h, layers=1, bidirectional=False):
    G = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
    D = 2 if bidirectional else 1
    return layers * D * G * (h * d + h * h + 2 * h)
