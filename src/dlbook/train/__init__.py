"""Training loops shared by the chapters: ``fit`` with history and early stopping.
Import the modules themselves; this package imports nothing."""
