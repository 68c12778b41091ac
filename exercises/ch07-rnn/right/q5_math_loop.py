"""Scalar loops with the math module; the draw walks the cumulative sum."""
def generate(prompt, n, W_xh, W_hh, b_h, W_hy, b_y, temperature, u):
    H, V = W_hh.shape[0], W_hy.shape[0]
    h = [0.0] * H

    def step(h, token):
        return [math.tanh(sum(W_hh[i][j] * h[j] for j in range(H)) + W_xh[i][token] + b_h[i]) for i in range(H)]

    for token in prompt:
        h = step(h, token)
    out, P = [], []
    for k in range(n):
        z = [(sum(W_hy[v][j] * h[j] for j in range(H)) + b_y[v]) / temperature for v in range(V)]
        top = max(z)
        e = [math.exp(a - top) for a in z]
        total = sum(e)
        P.append([a / total for a in e])
        cum, token = 0.0, V - 1
        for v in range(V):
            cum += e[v] / total
            if cum > u[k]:
                token = v
                break
        out.append(token)
        h = step(h, token)
    return out, P
