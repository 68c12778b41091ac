"""A textbook stack, 16-32-32-32 channels: receptive field 38 but 23,296 parameters."""
design = [("conv", 16, 3, 1, 1, 1), ("relu",), ("pool", 2, 2), ("conv", 32, 3, 1, 1, 1), ("relu",), ("pool", 2, 2),
          ("conv", 32, 3, 1, 1, 1), ("relu",), ("pool", 2, 2), ("conv", 32, 3, 1, 1, 1), ("relu",)]
