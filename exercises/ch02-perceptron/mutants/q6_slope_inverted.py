"""Slope divided the wrong way: -w2 / w1 instead of -w1 / w2."""
def decision_boundary(w, w_0):
    w_1, w_2 = float(w[0]), float(w[1])
    if w_2 == 0.0:
        raise ValueError("vertical boundary")
    return -w_2 / w_1, -w_0 / w_2
