"""f = 2^-k instead of 2^(-1/k): sigma(b) = 1/2 to the k, not its k-th root."""
def forget_bias_for_half_life(k):
    f = 2.0 ** (-k)
    return math.log(f / (1 - f))
