"""Lost the minus sign of the intercept: w0 / w2."""
def decision_boundary(w, w_0):
    w_1, w_2 = float(w[0]), float(w[1])
    if w_2 == 0.0:
        raise ValueError("vertical boundary")
    return -w_1 / w_2, w_0 / w_2
