"""Counted only the true class's term: -q_y log q_y."""
smoothed_min_loss = -0.91 * np.log(0.91)
