"""The buggy loop, handed in as it was."""
train_tbptt = buggy_train_tbptt
