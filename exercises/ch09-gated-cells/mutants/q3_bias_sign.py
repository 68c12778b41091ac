"""b = log((1 - f) / f): the logit with its sign flipped."""
def forget_bias_for_half_life(k):
    f = 2.0 ** (-1.0 / k)
    return math.log((1 - f) / f)
