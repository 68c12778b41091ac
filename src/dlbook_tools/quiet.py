"""One way to keep other code's chatter out of the tooling's own output."""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Iterator


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence Python-level stdout, stderr and warnings for the block (code we run on
    purpose, such as otter's test loading, a mutant that overflows, or a test that prints,
    would otherwise bury the table or log the user reads). File descriptors 1 and 2 stay
    as they are: a child process still writes where it writes."""
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
            contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        yield
