"""Divides the bias by w1 instead of w2: intercept -w0 / w1 (that is where the line crosses the x1 axis)."""
def decision_boundary(w, w_0):
    w_1, w_2 = float(w[0]), float(w[1])
    if w_2 == 0.0:
        raise ValueError("vertical boundary")
    return -w_1 / w_2, -w_0 / w_1
