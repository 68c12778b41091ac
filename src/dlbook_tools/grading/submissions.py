"""Reading a submission without trusting it (finding them is :mod:`~dlbook_tools.grading.collect`).

:func:`load` reads one with the reader ``dlbook check`` uses (:mod:`dlbook_tools.notebooks`)
into a list of code cells, or refuses it with a status and a reason: an empty, binary,
non-UTF-8 or non-JSON file, JSON that is not a notebook, a notebook of another
assignment, a zip that is not one, that has ``../`` or absolute paths, too many members
or expands too far (a zip bomb). Nothing is extracted to disk, and nothing here
executes the notebook.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from dlbook_tools import notebooks

MAX_ZIP_MEMBERS = 1000
MAX_ZIP_EXPANDED = 200 * 2**20  # total uncompressed bytes a zip may claim
SKIP_DIRS = {"__MACOSX", ".ipynb_checkpoints", "__pycache__"}


@dataclass(frozen=True)
class Submission:
    key: str   # the path as given (the gradebook's `submission` column)
    path: Path


@dataclass
class Loaded:
    cells: list          # [cell number (1-based), source] for each code cell
    notebook: bytes
    name: str            # file name of the notebook (inside the zip, for a zip)
    assignment: str | None


class Rejected(Exception):
    """A submission that cannot be graded: `status` for the gradebook, `reason` for the note."""

    def __init__(self, status: str, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


def load(sub: Submission, assignment: str) -> Loaded:
    """The submission's notebook, read and checked; Rejected with the gradebook's status and
    a note when it cannot be graded."""
    path = sub.path
    if not path.exists():
        raise Rejected("not found", "no such file")
    if not path.is_file():
        raise Rejected("invalid notebook", "not a regular file")
    try:
        if path.suffix.lower() == ".zip" or (path.suffix.lower() != ".ipynb" and zipfile.is_zipfile(path)):
            name, data = _from_zip(path, assignment)
            nb = notebooks.parse(data)
        else:
            name, nb = path.name, notebooks.read(path)
    except notebooks.NotebookError as err:
        raise Rejected("invalid notebook", err.reason) from None
    if not name.lower().endswith(".ipynb"):
        name = "submission.ipynb"
    if nb.assignment is not None and nb.assignment != assignment:
        raise Rejected("wrong assignment", f"a notebook of {nb.assignment[:60]!r}, not {assignment!r}")
    return Loaded(nb.cells, nb.data, safe_name(name), nb.assignment)


def safe_name(name: str) -> str:
    """A file name for the notebook in the sandbox: its base name, in safe characters."""
    base = PurePosixPath(name.replace("\\", "/")).name
    cleaned = "".join(c if c.isalnum() or c in "._- " else "_" for c in base).strip() or "submission.ipynb"
    return cleaned[:100]


def _from_zip(path: Path, assignment: str) -> tuple[str, bytes]:
    """(name, bytes) of the one notebook in a zip, read without extracting anything."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise Rejected("invalid zip", f"not a readable zip file ({err})") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise Rejected("invalid zip", f"{len(infos)} files in the zip (limit {MAX_ZIP_MEMBERS}): a zip bomb?")
        for info in infos:
            parts = PurePosixPath(info.filename.replace("\\", "/")).parts
            if info.filename.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
                raise Rejected("invalid zip", f"unsafe path in the zip: {info.filename[:80]!r}")
        total = sum(i.file_size for i in infos)
        if total > MAX_ZIP_EXPANDED:
            raise Rejected("invalid zip", f"expands to {total / 2**20:.0f} MiB "
                                          f"(limit {MAX_ZIP_EXPANDED // 2**20} MiB): a zip bomb?")
        candidates = [i for i in infos if i.filename.lower().endswith(".ipynb") and not i.is_dir()
                     and not any(p in SKIP_DIRS for p in PurePosixPath(i.filename).parts)]
        if not candidates:
            raise Rejected("invalid zip", "no notebook (.ipynb) in the zip")
        if len(candidates) > 1:
            named = [i for i in candidates if PurePosixPath(i.filename).name == f"{assignment}.ipynb"]
            if len(named) != 1:
                raise Rejected("invalid zip", f"{len(candidates)} notebooks in the zip and none "
                                              f"is the only {assignment}.ipynb")
            candidates = named
        info = candidates[0]
        try:
            with zf.open(info) as f:
                data = f.read(notebooks.MAX_BYTES + 1)  # the header's size may lie; the read is capped
        except (zipfile.BadZipFile, RuntimeError, OSError, EOFError, NotImplementedError, ValueError) as err:
            raise Rejected("invalid zip", f"cannot read {info.filename[:80]!r} ({err})") from None
        if len(data) > notebooks.MAX_BYTES:
            raise Rejected("invalid zip", f"the notebook expands past {notebooks.MAX_BYTES // 2**20} MiB")
        return info.filename, data
