"""One bias vector per gate block instead of torch's two."""
def recurrent_param_count(cell, d, h, layers=1, bidirectional=False):
    G = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
    D = 2 if bidirectional else 1
    total, inputs = 0, d
    for _ in range(layers):
        total += D * G * (h * inputs + h * h + h)
        inputs = D * h
    return total
