"""A good stack that ends with 16 channels instead of 32."""
design = [("conv", 8, 3, 1, 1, 1), ("relu",), ("pool", 2, 2), ("pool", 2, 2), ("conv", 16, 3, 1, 1, 1), ("relu",),
          ("pool", 2, 2), ("conv", 16, 3, 1, 1, 1), ("relu",)]
