"""Exercise tooling behind the `dlbook` CLI: build sets with otter assign, prove their
tests sound, self-check a reader's notebook. Imports otter only when a command runs."""
