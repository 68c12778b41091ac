"""Worked out by hand and typed to 5 or 6 significant digits."""
uniform_loss = 2.30259
smoothed_min_loss = 0.50029
smoothed_logit_gap = 4.5109
