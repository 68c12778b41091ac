"""The feature map around the dot taken to be K as it stands, not rotated: 2 above the dot."""
conv_above_dot = 2
pooled = [[0, 2, 3, 0], [0, 8, 9, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
pooled_changes_right = 2
pooled_changes_down = 6
