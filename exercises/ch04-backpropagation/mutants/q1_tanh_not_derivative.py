"""Multiplies by tanh(a), the function, instead of its derivative 1 - tanh(a)^2."""
def tanh_backward(a, grad_out):
    return grad_out * np.tanh(a)
