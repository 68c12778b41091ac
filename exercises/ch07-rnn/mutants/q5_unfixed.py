"""The buggy generator, handed in as it was."""
generate = buggy_generate
