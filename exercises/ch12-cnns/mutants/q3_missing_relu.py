"""The first convolution goes straight into pooling, without its ReLU."""
design = [("conv", 8, 3, 1, 1, 1), ("pool", 2, 2), ("pool", 2, 2), ("conv", 16, 3, 1, 1, 1), ("relu",), ("pool", 2, 2),
          ("conv", 32, 3, 1, 1, 1), ("relu",)]
