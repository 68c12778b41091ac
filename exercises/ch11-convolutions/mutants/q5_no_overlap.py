"""Pooling gradients as if windows did not overlap: one window per entry."""
corr_value = 11.0
conv_value = -1.0
out_shape = (1, 3)
maxpool_grad = 1.0
avgpool_grad = 1 / 9
