"""The by-hand part computed with numpy, the rest from the formulas."""
_q = np.ones(4)
_K = np.array([[1, 1, 1, 1], [1, -1, 1, -1], [-1, -1, -1, -1]], dtype=float)
_s = _K @ _q / 2
_w = np.exp(_s) / np.exp(_s).sum()
weights_by_hand = _w
output_by_hand = _w @ np.array([[1.0, 0.0], [0.0, 1.0], [10.0, 10.0]])
def _H(s):
    w = np.array([np.exp(s)] + [1.0] * 7)
    w = w / w.sum()
    return float(-(w * np.log(w)).sum())
entropy_scaled, entropy_unscaled = _H(2.0), _H(4.0)
smallest_d_k_unscaled = int(2 * math.ceil(math.log(693) / 2))
smallest_d_k_scaled = int(2 * math.ceil(math.log(693) ** 2 / 2))
