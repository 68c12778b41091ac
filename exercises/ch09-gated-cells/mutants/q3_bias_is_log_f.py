"""b = log f instead of the logit of f."""
def forget_bias_for_half_life(k):
    return math.log(2.0 ** (-1.0 / k))
