"""Two directions per layer, but the layer above reads h, not 2h, inputs."""
def recurrent_param_count(cell, d, h, layers=1, bidirectional=False):
    G = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
    D = 2 if bidirectional else 1
    total, inputs = 0, d
    for _ in range(layers):
        total += D * G * (h * inputs + h * h + 2 * h)
        inputs = h
    return total
