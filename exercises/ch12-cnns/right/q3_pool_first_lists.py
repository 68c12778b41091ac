"""Three poolings after the first convolution, then two convolutions (42 pixels), written as lists."""
design = [["conv", 4, 3, 1, 1, 1], ["relu"], ["pool", 2, 2], ["pool", 2, 2], ["pool", 2, 2],
          ["conv", 16, 3, 1, 1, 1], ["relu"], ["conv", 32, 3, 1, 1, 1], ["relu"]]
