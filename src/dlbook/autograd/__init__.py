"""Derivatives by machine and by hand: a scalar autograd engine and a network built
on it, backpropagation through a numpy MLP, and gradient checking by central
differences. Import the modules themselves; this package imports nothing."""
