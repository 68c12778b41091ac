"""Four poolings: a receptive field of 62, but the output is only 2 x 2."""
design = [("conv", 8, 3, 1, 1, 1), ("relu",), ("pool", 2, 2), ("pool", 2, 2), ("pool", 2, 2), ("conv", 16, 3, 1, 1, 1),
          ("relu",), ("pool", 2, 2), ("conv", 32, 3, 1, 1, 1), ("relu",)]
