"""Computed with numpy from the definitions."""
_x = np.array([[3, 1, 0, 2, 1], [0, 2, 4, 1, 0], [1, 0, 1, 3, 2], [2, 1, 0, 0, 1], [0, 3, 1, 2, 0]], dtype=float)
_K = np.array([[1, 2, 0], [0, 1, 0], [0, 0, -1]], dtype=float)
_patch = np.pad(_x, 1)[2:5, 2:5]
corr_value = np.sum(_patch * _K)
conv_value = np.sum(_patch * _K[::-1, ::-1])
out_shape = np.array([(5 + 1 - 5) // 2 + 1, (5 + 4 - 5) // 2 + 1])
_windows = [(a, c) for a in range(4) for c in range(4)]
maxpool_grad = np.float64(sum(a <= 1 <= a + 2 and c <= 3 <= c + 2 for a, c in _windows))
avgpool_grad = sum(a <= 0 <= a + 2 and c <= 1 <= c + 2 for a, c in _windows) / 9
