"""Spread eps over the k - 1 wrong classes: q = (0.9, 0.1/9, ...)."""
smoothed_min_loss = -(0.9 * np.log(0.9) + 0.1 * np.log(0.1 / 9))
smoothed_logit_gap = np.log(0.9 / (0.1 / 9))
