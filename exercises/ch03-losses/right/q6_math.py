"""With the math module, computing the entropy of q directly."""
uniform_loss = -math.log(1 / 10)
_q = [0.9 + 0.1 / 10] + [0.1 / 10] * 9
smoothed_min_loss = -sum(v * math.log(v) for v in _q)
smoothed_logit_gap = math.log(_q[0] / _q[1])
