"""Took log-sum-exp of the logits without subtracting the true logit: log(10 e^3.7)."""
uniform_loss = np.log(10) + 3.7
