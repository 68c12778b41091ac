"""Cross-correlation and the convolution of mathematics swapped."""
corr_value = -1.0
conv_value = 11.0
out_shape = (1, 3)
maxpool_grad = 6.0
avgpool_grad = 2 / 9
