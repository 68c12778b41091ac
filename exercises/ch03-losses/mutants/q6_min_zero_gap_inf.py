"""Reasoned as without smoothing: the loss can reach 0 with an infinite gap."""
smoothed_min_loss = 0.0
smoothed_logit_gap = float("inf")
