"""By hand without the 1 / sqrt(d_k): softmax(4, 0, -4)."""
_e = [math.exp(4), 1.0, math.exp(-4)]
weights_by_hand = [x / sum(_e) for x in _e]
output_by_hand = [weights_by_hand[0] + 10 * weights_by_hand[2], weights_by_hand[1] + 10 * weights_by_hand[2]]
