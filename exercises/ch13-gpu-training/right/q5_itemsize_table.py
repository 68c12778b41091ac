"""Bytes from numpy itemsizes (bfloat16 is half of float32), max_params by bisection."""
def training_memory_bytes(n_params, precision, optimizer):
    fp32 = np.dtype(np.float32).itemsize
    low = fp32 // 2 if precision != "fp32" else fp32
    state = fp32 if precision != "bf16" else low
    count = ["sgd", "momentum", "adam"].index(optimizer)
    return {"weights": n_params * low, "gradients": n_params * low,
            "master": n_params * fp32 if precision == "bf16-mixed" else 0, "optimizer": n_params * count * state}


def max_params(memory_bytes, precision, optimizer):
    lo, hi = 0, memory_bytes + 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if sum(training_memory_bytes(mid, precision, optimizer).values()) <= memory_bytes:
            lo = mid
        else:
            hi = mid
    return lo
