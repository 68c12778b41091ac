"""Plain loops over rows and positions, lists as intermediate values."""
def bag_forward(ids, E, pad):
    E = np.asarray(E, dtype=float)
    rows = []
    for row in np.asarray(ids).tolist():
        real = [i for i in row if i != pad]
        rows.append(sum(E[i] for i in real) / len(real))
    return np.array(rows)


def bag_backward(ids, dOut, V, pad):
    dOut = np.asarray(dOut, dtype=float)
    dE = np.zeros((V, dOut.shape[1]))
    for b, row in enumerate(np.asarray(ids).tolist()):
        real = [i for i in row if i != pad]
        for i in real:
            dE[i] = dE[i] + dOut[b] / len(real)
    return dE
