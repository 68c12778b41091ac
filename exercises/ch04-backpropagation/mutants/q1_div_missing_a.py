"""Differentiates 1 / b instead of a / b with respect to b: the factor a is missing."""
def div_backward(a, b, grad_out):
    return grad_out / b, -grad_out / b ** 2
