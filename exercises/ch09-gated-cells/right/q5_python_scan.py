"""math and a running sum, first max by a loop."""
def generate(step, first_id, n, temperature, u):
    state, token, out = None, first_id, []
    for k in range(n):
        z, state = step(token, state)
        z = [float(v) for v in z]
        if temperature == 0:
            token = 0
            for j in range(len(z)):
                if z[j] > z[token]:
                    token = j
        else:
            m = max(z)
            w = [math.exp((v - m) / temperature) for v in z]
            total, acc, token = sum(w), 0.0, len(z) - 1
            for j, wj in enumerate(w):
                acc += wj / total
                if acc > u[k]:
                    token = j
                    break
        out.append(token)
    return out
