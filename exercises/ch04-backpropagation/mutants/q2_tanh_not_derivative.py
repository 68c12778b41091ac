"""The tanh node multiplies the gradient by tanh(a) instead of its derivative 1 - tanh(a)^2."""
def _tanh(self):
    t = math.tanh(self.data)
    out = Value(t, (self,))

    def _backward():
        self.grad += t * out.grad
    out._backward = _backward
    return out


Value.tanh = _tanh
