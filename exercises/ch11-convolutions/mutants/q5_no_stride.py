"""The stride forgotten for the entry: output (1, 1) read at padded (1, 1), x's rows 0..2."""
corr_value = 6.0
conv_value = 0.0
out_shape = (1, 3)
maxpool_grad = 6.0
avgpool_grad = 2 / 9
