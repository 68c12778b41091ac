"""One example at a time with the math module."""
def softmax_cross_entropy(Z, y):
    total = 0.0
    for row, c in zip(np.asarray(Z, dtype=float), y):
        m = max(row)
        total += m + math.log(sum(math.exp(v - m) for v in row)) - row[int(c)]
    return total / len(y)
