"""Gap from 1 - eps on top, forgetting the true class's own eps / k."""
smoothed_logit_gap = np.log(0.9 / 0.01)
