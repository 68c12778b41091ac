"""Pooling taken to be fully shift-invariant: nothing changes."""
conv_above_dot = 8
pooled = [[0, 9, 7, 0], [0, 6, 4, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
pooled_changes_right = 0
pooled_changes_down = 0
