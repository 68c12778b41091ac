"""Floats and a numpy array."""
conv_above_dot = 8.0
pooled = np.array([[0.0, 9.0, 7.0, 0.0], [0.0, 6.0, 4.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]])
pooled_changes_right = 2.0
pooled_changes_down = np.int64(6)
