"""Adam counted with one moment, like momentum."""
def training_memory_bytes(n_params, precision, optimizer):
    buffers = {"sgd": 0, "momentum": 1, "adam": 1}[optimizer]
    if precision == "fp32":
        per = (4, 4, 0, 4 * buffers)
    elif precision == "bf16-mixed":
        per = (2, 2, 4, 4 * buffers)
    else:
        per = (2, 2, 0, 2 * buffers)
    return {k: b * n_params for k, b in zip(("weights", "gradients", "master", "optimizer"), per)}


def max_params(memory_bytes, precision, optimizer):
    return memory_bytes // sum(training_memory_bytes(1, precision, optimizer).values())
