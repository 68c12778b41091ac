"""Kahn's algorithm (repeatedly take the nodes whose arguments are all known), lists as nodes, numpy scalars."""
def graph_grads(inputs, nodes, output):
    pending = [(name, op, tuple(args)) for name, op, args in nodes]
    value = {k: np.float64(v) for k, v in inputs.items()}
    order = []
    while pending:
        ready = [node for node in pending if all(a in value for a in node[2])]
        if not ready:
            raise ValueError("the graph has a cycle or an undefined name")
        for name, op, args in ready:
            a = [value[x] for x in args]
            if op == "add":
                value[name] = a[0] + a[1]
            elif op == "mul":
                value[name] = a[0] * a[1]
            elif op == "tanh":
                value[name] = np.tanh(a[0])
            elif op == "exp":
                value[name] = np.exp(a[0])
            else:
                value[name] = np.maximum(a[0], 0.0)
            order.append((name, op, args))
        pending = [node for node in pending if node[0] not in value]
    grad = dict.fromkeys(value, np.float64(0.0))
    grad[output] = np.float64(1.0)
    for name, op, args in reversed(order):
        g = grad[name]
        if op == "add":
            for x in args:
                grad[x] = grad[x] + g
        elif op == "mul":
            grad[args[0]] = grad[args[0]] + value[args[1]] * g
            grad[args[1]] = grad[args[1]] + value[args[0]] * g
        elif op == "tanh":
            grad[args[0]] = grad[args[0]] + (1 - value[name] ** 2) * g
        elif op == "exp":
            grad[args[0]] = grad[args[0]] + value[name] * g
        else:
            grad[args[0]] = grad[args[0]] + np.where(value[args[0]] > 0, g, 0.0)
    return {k: float(v) for k, v in grad.items()}
