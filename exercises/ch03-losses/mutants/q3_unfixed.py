"""The buggy function, handed in as it was."""
softmax_cross_entropy = buggy_softmax_cross_entropy
