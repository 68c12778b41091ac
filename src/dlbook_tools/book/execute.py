"""Executing one lab: a kernel of its own, every cell in order, and an error an author can act on.

A failing cell (an exception, a timeout, a kernel that died) becomes a UserError naming
the lab file, the cell (its number, its line in the file when that is certain, its first
line of code) and the end of its traceback: the part that says what went wrong.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path
from typing import IO

from dlbook_tools.book.files import write_atomic
from dlbook_tools.errors import UserError
from dlbook_tools.threads import thread_limits

CELL_TIMEOUT_S = 600  # one cell; a lab that needs longer is too slow for a book build anyway
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")  # IPython colours its tracebacks
TRACEBACK_LINES = 40  # the end of a traceback is the part that says what went wrong


def _shown(path: Path) -> str:
    """A path as the author would type it: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _cell_line(text: str, n_cells: int, index: int) -> int | None:
    """The line of `text` where notebook cell `index` starts, when the percent markers say so.

    Each ``# %%`` line starts a cell; text before the first marker, if any, is one more
    cell. When the counts disagree (a jupytext header, markers inside strings) there is
    no reliable answer and the message gives the cell's first line of code instead.
    """
    markers = [i + 1 for i, line in enumerate(text.splitlines()) if line.startswith("# %%")]
    if len(markers) == n_cells:
        return markers[index]
    if len(markers) == n_cells - 1:
        return 1 if index == 0 else markers[index - 1]
    return None


async def execute_lab(source: Path, target: Path, timeout: int = CELL_TIMEOUT_S, threads: int | None = None) -> float:
    """Execute one lab into `target` (atomically) and return the seconds it took. With
    `threads`, the kernel's numpy and torch use at most that many threads.

    Raises only UserError, whose message says everything the author needs.
    """
    import jupytext
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellControlSignal, DeadKernelError

    text = source.read_text()
    nb = jupytext.reads(text, fmt="py:percent")
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(source.parent)}})
    current = [0]  # the cell being run, whatever stops it (error, timeout, dead kernel)
    client.on_cell_start = lambda cell, cell_index: current.__setitem__(0, cell_index)
    start = time.perf_counter()
    # The kernel process's own stderr (start-up warnings, a native library's crash report)
    # goes to a file: it would bury the build's output, yet explains a kernel that died.
    # What cells print reaches the notebook through the kernel's messages, not this file.
    with tempfile.TemporaryFile() as kernel_stderr:
        try:
            env = None if threads is None else {**os.environ, **thread_limits(threads)}
            await client.async_execute(stderr=kernel_stderr, env=env)
        except (CellControlSignal, DeadKernelError) as err:  # CellExecutionError, CellTimeoutError
            index = current[0]
            line = _cell_line(text, len(nb.cells), index)
            first = next((s for s in nb.cells[index].source.splitlines() if s.strip()), "")
            where = f"cell {index + 1}" + (f" (line {line})" if line else "") + f", starting `{first.strip()}`"
            detail = ANSI.sub("", str(err)).strip()
            if isinstance(err, DeadKernelError):
                detail += "\n" + _tail(kernel_stderr)
            raise UserError(f"lab {_shown(source)} failed at {where}:\n{_last_lines(detail)}\n"
                            "Fix that cell and rebuild; the labs that passed are cached.") from None
        except Exception as err:  # the kernel did not start: no cell is to blame
            raise UserError(f"lab {_shown(source)}: its kernel could not run it: {err!r}\n"
                            f"{_last_lines(_tail(kernel_stderr))}") from None
    seconds = time.perf_counter() - start
    write_atomic(target, nbformat.writes(nb).encode())
    return seconds


def _tail(log_file: IO[bytes]) -> str:
    log_file.seek(0)
    return log_file.read().decode(errors="replace").strip()


def _last_lines(text: str) -> str:
    return "\n".join(text.splitlines()[-TRACEBACK_LINES:])
