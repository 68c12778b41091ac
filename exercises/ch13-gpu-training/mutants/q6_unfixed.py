"""The buggy loop, handed in as it was."""
ddp_train = buggy_ddp_train
