"""Multiplication sends each input the gradient times the input itself, instead of times the *other* input."""
def mul_backward(a, b, grad_out):
    return grad_out * a, grad_out * b
