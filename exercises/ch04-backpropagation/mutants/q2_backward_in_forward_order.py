"""Sorts the nodes, but runs the backward pass in topological order instead of reversed: a node passes its gradient on before its users have contributed."""
def graph_grads(inputs, nodes, output):
    defs = {name: (op, list(args)) for name, op, args in nodes}
    order, seen = [], set()

    def visit(name):
        if name in seen or name not in defs:
            return
        seen.add(name)
        for arg in defs[name][1]:
            visit(arg)
        order.append(name)

    for name in defs:
        visit(name)
    value = {name: float(v) for name, v in inputs.items()}
    for name in order:
        op, args = defs[name]
        a = [value[arg] for arg in args]
        value[name] = {"add": lambda: a[0] + a[1], "mul": lambda: a[0] * a[1], "tanh": lambda: math.tanh(a[0]),
                       "exp": lambda: math.exp(a[0]), "relu": lambda: max(a[0], 0.0)}[op]()
    grad = {name: 0.0 for name in value}
    grad[output] = 1.0
    for name in order:
        op, args = defs[name]
        g, a = grad[name], [value[arg] for arg in args]
        if op == "add":
            grad[args[0]] += g
            grad[args[1]] += g
        elif op == "mul":
            grad[args[0]] += a[1] * g
            grad[args[1]] += a[0] * g
        elif op == "tanh":
            grad[args[0]] += (1 - value[name] ** 2) * g
        elif op == "exp":
            grad[args[0]] += value[name] * g
        elif op == "relu":
            grad[args[0]] += g if a[0] > 0 else 0.0
    return grad
