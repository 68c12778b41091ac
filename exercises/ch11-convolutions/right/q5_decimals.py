"""Numbers written out, the shape as a list, the fraction to 6 digits."""
corr_value = 11
conv_value = -1
out_shape = [1, 3]
maxpool_grad = 6
avgpool_grad = 0.222222
