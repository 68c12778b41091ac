"""Drops the minus sign of d(a / b)/db = -a / b^2."""
def div_backward(a, b, grad_out):
    return grad_out / b, grad_out * a / b ** 2
