"""Pooling after every convolution but one convolution short: receptive field 18."""
design = [("conv", 8, 3, 1, 1, 1), ("relu",), ("pool", 2, 2), ("conv", 16, 3, 1, 1, 1), ("relu",), ("pool", 2, 2),
          ("conv", 32, 3, 1, 1, 1), ("relu",)]
