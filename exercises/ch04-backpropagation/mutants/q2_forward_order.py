"""backward() visits the values in topological order instead of reversed: inputs pass their gradient on before they have received it."""
def _backward_forward_order(self):
    order, visited = [], set()

    def visit(v):
        if id(v) not in visited:
            visited.add(id(v))
            for child in v._prev:
                visit(child)
            order.append(v)

    visit(self)
    self.grad = 1.0
    for v in order:
        v._backward()


Value.backward = _backward_forward_order
