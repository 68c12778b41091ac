"""Changes counted on the feature map before pooling (12 entries each way)."""
conv_above_dot = 8
pooled = [[0, 9, 7, 0], [0, 6, 4, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
pooled_changes_right = 12
pooled_changes_down = 12
