"""Neural-network building blocks on numpy and torch: activations, the perceptron,
dense layers, losses and regularization. Import the modules themselves
(``from dlbook.nn.activations import sigmoid``); this package imports nothing."""
