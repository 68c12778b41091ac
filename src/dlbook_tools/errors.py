"""The one error type the command line shows without a traceback."""


class UserError(Exception):
    """A problem the user can fix; the CLI prints it as one line: what is wrong, and what to do."""
