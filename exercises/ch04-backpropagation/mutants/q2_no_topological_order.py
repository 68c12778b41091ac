"""backward() recurses from the output and passes each value's gradient on as soon as it is reached, before every use of it has contributed (no topological order)."""
def _backward_everything(self):
    self.grad = 1.0

    def propagate(v):
        v._backward()
        for child in v._prev:
            propagate(child)

    propagate(self)


Value.backward = _backward_everything
