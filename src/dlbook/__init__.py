"""dlbook: the reference package of the executable deep-learning textbook.

One module per concept family, each small enough to read in one sitting:

- :mod:`dlbook.activations`    -- sigmoid, tanh, ReLU and their derivatives (ch. 2)
- :mod:`dlbook.perceptron`     -- perceptron, dense layers, forward propagation (ch. 2)
- :mod:`dlbook.losses`         -- MSE, binary and softmax cross-entropy, stable forms (ch. 3)
- :mod:`dlbook.autograd`       -- a scalar autograd engine, micrograd-style (ch. 4)
- :mod:`dlbook.backprop`       -- backpropagation by hand through a numpy MLP (ch. 4)
- :mod:`dlbook.gradcheck`      -- central-difference gradient checking (ch. 4)
- :mod:`dlbook.optim`          -- SGD, momentum, Nesterov, Adagrad, Adadelta, RMSProp, Adam (ch. 5)
- :mod:`dlbook.schedules`      -- learning-rate schedules (ch. 5)
- :mod:`dlbook.train`          -- mini-batches, fit, early stopping (ch. 6, reused later)
- :mod:`dlbook.regularization` -- dropout and the L2 penalty (ch. 6)
- :mod:`dlbook.data`           -- synthetic data sets the book generates itself
- :mod:`dlbook.plotting`       -- figure helpers for the labs (needs matplotlib)

``import dlbook`` is deliberately light: it imports no submodule, so neither numpy,
torch, matplotlib nor otter is loaded until a chapter asks for it.
"""

__version__ = "0.1.0"
