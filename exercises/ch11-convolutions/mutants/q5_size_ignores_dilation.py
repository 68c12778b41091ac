"""The output shape computed with the 3-pixel kernel, not its dilated span of 5."""
corr_value = 11.0
conv_value = -1.0
out_shape = (2, 4)
maxpool_grad = 6.0
avgpool_grad = 2 / 9
