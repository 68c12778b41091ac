"""Numpy numbers and plain ints."""
q2_kept = np.float64(5)
q2_mean = 2
q2_variance = np.int64(6)
q2_eval = np.float32(2.0)
