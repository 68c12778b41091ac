"""The one reader of a notebook someone hands us: `dlbook check`'s and `dlbook grade`'s.

A reader's notebook may be empty, binary, in another encoding, a script renamed
``.ipynb``, JSON of something else, or a notebook of another course; a student's may be
hostile too. :func:`parse` turns bytes into a :class:`Notebook` (its code cells and its
otter assignment name) or raises a :class:`NotebookError` that says, in one line, what
is wrong and what to do. It only reads: nothing here executes the notebook.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from dlbook_tools.errors import UserError

MAX_BYTES = 100 * 2**20  # notebooks with images can be large, not larger

DOWNLOAD = "download the exercise notebook again from the chapter page"
PASS_IPYNB = "pass the .ipynb file you worked in"
RESAVE = "open it in Jupyter and save it again"


class NotebookError(UserError):
    """Not a usable notebook. `reason` says what is wrong in a few words (a gradebook's
    note); the message adds where (when known) and what to do: one line for the CLI."""

    def __init__(self, reason: str, advice: str = "", where: str = ""):
        self.reason, self.advice, self.where = reason, advice, where
        message = f"{where}: {reason}" if where else reason
        super().__init__(f"{message}; {advice}" if advice else message)


@dataclass(frozen=True)
class Notebook:
    """A notebook, read and checked: its bytes as given, its code cells, its otter name."""

    data: bytes
    cells: list[list]  # [cell number (1-based, as Jupyter counts), source] of each code cell
    assignment: str | None  # metadata.otter.assignment_name, when there is one
    where: str = ""

    def exercise(self) -> str:
        """The exercise set the notebook belongs to; a NotebookError when it names none."""
        if not self.assignment:
            raise NotebookError("a notebook, but not a dlbook exercise (no otter assignment name in "
                                "its metadata)", DOWNLOAD, self.where)
        return self.assignment


def read(path: Path) -> Notebook:
    """The notebook at `path` (see :func:`parse`); a missing, odd or oversized file is a
    NotebookError too."""
    where = str(path)
    if not path.exists():
        raise NotebookError("no such file", where=where)
    if not path.is_file():
        raise NotebookError("not a regular file", PASS_IPYNB, where)
    size = os.path.getsize(path)
    if size > MAX_BYTES:
        raise NotebookError(f"{size / 2**20:.0f} MiB, over the {MAX_BYTES // 2**20} MiB limit", where=where)
    return parse(path.read_bytes(), where)


def parse(data: bytes, where: str = "") -> Notebook:
    """The code cells and otter assignment name of the notebook in `data`; a NotebookError
    for anything that is not a notebook. `where` names it in messages."""
    if not data.strip():
        raise NotebookError("the file is empty", DOWNLOAD, where)
    if len(data) > MAX_BYTES:
        raise NotebookError(f"over the {MAX_BYTES // 2**20} MiB limit", where=where)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise NotebookError(f"not UTF-8 text (byte {err.start}): binary or another encoding",
                            PASS_IPYNB, where) from None
    try:
        nb = json.loads(text)
    except (ValueError, RecursionError) as err:  # JSONDecodeError is a ValueError; deep nesting recurses
        at = f" (line {err.lineno}, column {err.colno})" if isinstance(err, json.JSONDecodeError) else ""
        raise NotebookError(f"not valid JSON{at}", f"pass the .ipynb notebook, not a script or export; "
                                                   f"if it was edited by hand, {RESAVE}", where) from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list) or "nbformat" not in nb:
        raise NotebookError("JSON, but not a Jupyter notebook (no cells and nbformat)", PASS_IPYNB, where)
    cells = []
    for number, cell in enumerate(nb["cells"], start=1):
        if not isinstance(cell, dict):
            raise NotebookError(f"cell {number} is not a cell", RESAVE, where)
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise NotebookError(f"cell {number} has no text source", RESAVE, where)
        cells.append([number, source])
    meta = nb.get("metadata")
    otter = meta.get("otter") if isinstance(meta, dict) else None
    name = otter.get("assignment_name") if isinstance(otter, dict) else None
    return Notebook(data, cells, str(name) if name else None, where)
