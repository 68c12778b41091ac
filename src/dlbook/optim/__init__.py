"""Gradient descent and its variants: the descent loop, the optimizers with
torch.optim's interface, learning-rate schedules. Import the modules themselves;
this package imports nothing."""
