"""dlbook: the reference package of the executable deep-learning textbook.

One module per concept family, each small enough to read in one sitting:

- :mod:`dlbook.activations` -- sigmoid, tanh, ReLU and their derivatives (chapter 2)
- :mod:`dlbook.perceptron`  -- the perceptron, dense layers, forward propagation (chapter 2)
- :mod:`dlbook.data`        -- synthetic data sets the book generates itself
- :mod:`dlbook.plotting`    -- figure helpers for the labs (needs matplotlib)

``import dlbook`` is deliberately light: it imports no submodule, so neither numpy,
torch, matplotlib nor otter is loaded until a chapter asks for it.
"""

__version__ = "0.1.0"
