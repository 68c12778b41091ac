"""Numpy integers, unpacked from tuples."""
q5_a_stop, q5_a_restored = np.int64(7), np.int64(4)
q5_b_stop, q5_b_restored = (np.int32(3), np.int32(1))
