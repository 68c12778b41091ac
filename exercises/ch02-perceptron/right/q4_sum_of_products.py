"""The closed form: W = prod W_l, b = sum_l b_l W_{l+1} ... W_L, with functools.reduce."""
import functools


def collapse(layers):
    Ws = [np.asarray(W, dtype=float) for W, _ in layers]
    W = functools.reduce(np.matmul, Ws)
    b = 0.0
    for l, (_, b_l) in enumerate(layers):
        later = functools.reduce(np.matmul, Ws[l + 1:], np.eye(len(b_l)))
        b = b + np.asarray(b_l) @ later
    return W, b
