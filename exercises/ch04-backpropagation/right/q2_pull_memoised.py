"""No explicit order: each value is computed, and each gradient gathered from the value's users, by memoised recursion."""
def graph_grads(inputs, nodes, output):
    defs = {name: (op, list(args)) for name, op, args in nodes}
    users = {}
    for name, (op, args) in defs.items():
        for position, arg in enumerate(args):
            users.setdefault(arg, []).append((name, position))
    values = {}

    def value(name):
        if name in inputs:
            return float(inputs[name])
        if name not in values:
            op, args = defs[name]
            a = [value(x) for x in args]
            values[name] = {"add": lambda: a[0] + a[1], "mul": lambda: a[0] * a[1],
                            "tanh": lambda: math.tanh(a[0]), "exp": lambda: math.exp(a[0]),
                            "relu": lambda: a[0] if a[0] > 0 else 0.0}[op]()
        return values[name]

    def local(user, position):
        """d user / d (its argument at position)."""
        op, args = defs[user]
        if op == "add":
            return 1.0
        if op == "mul":
            return value(args[1 - position])
        if op == "tanh":
            return 1 - value(user) ** 2
        if op == "exp":
            return value(user)
        return 1.0 if value(args[0]) > 0 else 0.0

    grads = {}

    def grad(name):
        if name == output:
            return 1.0
        if name not in grads:
            grads[name] = sum(grad(u) * local(u, pos) for u, pos in users.get(name, []))
        return grads[name]

    return {name: grad(name) for name in list(inputs) + list(defs)}
