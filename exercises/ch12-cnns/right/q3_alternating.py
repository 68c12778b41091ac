"""Convolution and pooling alternating, 8-16-16-32 channels: receptive field 38, 8,208 parameters."""
design = [("conv", 8, 3, 1, 1, 1), ("relu",), ("pool", 2, 2), ("conv", 16, 3, 1, 1, 1), ("relu",), ("pool", 2, 2),
          ("conv", 16, 3, 1, 1, 1), ("relu",), ("pool", 2, 2), ("conv", 32, 3, 1, 1, 1), ("relu",)]
