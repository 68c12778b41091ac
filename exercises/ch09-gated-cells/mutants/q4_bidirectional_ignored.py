"""bidirectional ignored: one direction counted."""
def recurrent_param_count(cell, d, h, layers=1, bidirectional=False):
    G = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
    total, inputs = 0, d
    for _ in range(layers):
        total += G * (h * inputs + h * h + 2 * h)
        inputs = h
    return total
