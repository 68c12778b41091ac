"""Assumes the list is already in topological order: forward in list order, backward in reverse list order."""
def graph_grads(inputs, nodes, output):
    value = {name: float(v) for name, v in inputs.items()}
    for name, op, args in nodes:
        a = [value[arg] for arg in args]
        value[name] = {"add": lambda: a[0] + a[1], "mul": lambda: a[0] * a[1], "tanh": lambda: math.tanh(a[0]),
                       "exp": lambda: math.exp(a[0]), "relu": lambda: max(a[0], 0.0)}[op]()
    grad = {name: 0.0 for name in value}
    grad[output] = 1.0
    for name, op, args in reversed(nodes):
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
