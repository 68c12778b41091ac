"""The * node sends each input the gradient times its own value instead of the other input's."""
def _mul(self, other):
    out = Value(self.data * other.data, (self, other))

    def _backward():
        self.grad += self.data * out.grad
        other.grad += other.data * out.grad
    out._backward = _backward
    return out


Value.__mul__ = _mul
