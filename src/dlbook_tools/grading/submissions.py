"""Finding submissions and reading them without trusting them.

A SUBMISSION argument is a notebook, an otter-exported zip, or a folder searched
recursively for both (an LMS download, one folder per student). Each file is one
submission, keyed by its path as given, so ``alice/hw.ipynb`` and ``bob/hw.ipynb`` are two.

:func:`load` reads one into a list of code cells, or refuses it with a status and a
reason: an empty, binary, non-UTF-8 or non-JSON file, JSON that is not a notebook, a
notebook of another assignment, a zip that is not one, that has ``../`` or absolute
paths, too many members or expands too far (a zip bomb). Nothing is extracted to disk,
and nothing here executes the notebook.
"""

from __future__ import annotations

import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MAX_NOTEBOOK = 100 * 2**20      # bytes: notebooks with images can be large, not larger
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


def collect(args: list[str], skip: Path | None = None) -> tuple[list[Submission], list[str]]:
    """Every submission under `args`, in order, once each; and notes on what was left out."""
    found: list[Submission] = []
    notes: list[str] = []
    seen: set[str] = set()
    skip_real = os.path.realpath(skip) if skip is not None else None

    def add(key: str, path: Path) -> None:
        real = os.path.realpath(path)
        if real in seen:
            return
        seen.add(real)
        found.append(Submission(key, path))

    for arg in args:
        path = Path(arg)
        if path.is_dir():
            before = len(found)
            ignored = 0
            for folder, dirs, files in os.walk(path):
                if skip_real is not None and os.path.realpath(folder) == skip_real:
                    dirs[:] = []
                    continue
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    if name.lower().endswith((".ipynb", ".zip")):
                        rel = os.path.relpath(os.path.join(folder, name), path)
                        add(os.path.join(arg, rel), Path(folder) / name)
                    else:
                        ignored += 1
            if len(found) == before:
                notes.append(f"{arg}: no .ipynb or .zip files in this folder")
            elif ignored:
                notes.append(f"{arg}: ignored {ignored} other files (not .ipynb or .zip)")
        else:
            add(arg, path)  # a missing or odd file still gets its row, with the reason
    return found, notes


def load(sub: Submission, assignment: str) -> Loaded:
    path = sub.path
    if not path.exists():
        raise Rejected("not found", "no such file")
    if not path.is_file():
        raise Rejected("invalid notebook", "not a regular file")
    if path.suffix.lower() == ".zip" or (path.suffix.lower() != ".ipynb" and zipfile.is_zipfile(path)):
        name, data = _from_zip(path, assignment)
    else:
        size = path.stat().st_size
        if size > MAX_NOTEBOOK:
            raise Rejected("invalid notebook", f"{size / 2**20:.0f} MiB, over the {MAX_NOTEBOOK // 2**20} MiB limit")
        name, data = path.name, path.read_bytes()
    if not name.lower().endswith(".ipynb"):
        name = "submission.ipynb"
    cells, found = parse(data)
    if found is not None and found != assignment:
        raise Rejected("wrong assignment", f"a notebook of {found[:60]!r}, not {assignment!r}")
    return Loaded(cells, data, _safe_name(name), found)


def _safe_name(name: str) -> str:
    base = PurePosixPath(name.replace("\\", "/")).name
    cleaned = "".join(c if c.isalnum() or c in "._- " else "_" for c in base).strip() or "submission.ipynb"
    return cleaned[:100]


def _from_zip(path: Path, assignment: str) -> tuple[str, bytes]:
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
        notebooks = [i for i in infos if i.filename.lower().endswith(".ipynb") and not i.is_dir()
                     and not any(p in SKIP_DIRS for p in PurePosixPath(i.filename).parts)]
        if not notebooks:
            raise Rejected("invalid zip", "no notebook (.ipynb) in the zip")
        if len(notebooks) > 1:
            named = [i for i in notebooks if PurePosixPath(i.filename).name == f"{assignment}.ipynb"]
            if len(named) != 1:
                raise Rejected("invalid zip", f"{len(notebooks)} notebooks in the zip and none "
                                              f"is the only {assignment}.ipynb")
            notebooks = named
        info = notebooks[0]
        try:
            with zf.open(info) as f:
                data = f.read(MAX_NOTEBOOK + 1)  # the header's size may lie; the read is capped
        except (zipfile.BadZipFile, RuntimeError, OSError, EOFError, NotImplementedError, ValueError) as err:
            raise Rejected("invalid zip", f"cannot read {info.filename[:80]!r} ({err})") from None
        if len(data) > MAX_NOTEBOOK:
            raise Rejected("invalid zip", f"the notebook expands past {MAX_NOTEBOOK // 2**20} MiB")
        return info.filename, data


def parse(data: bytes) -> tuple[list, str | None]:
    """Code cells of a notebook ([number, source], numbered as in Jupyter from 1) and its
    otter assignment name; a Rejected for anything that is not a notebook."""
    if not data.strip():
        raise Rejected("invalid notebook", "the file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise Rejected("invalid notebook", f"not UTF-8 text (byte {err.start}): binary or another encoding") from None
    try:
        nb = json.loads(text)
    except (ValueError, RecursionError) as err:
        where = f" (line {err.lineno}, column {err.colno})" if isinstance(err, json.JSONDecodeError) else ""
        raise Rejected("invalid notebook", f"not valid JSON{where}") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list) or "nbformat" not in nb:
        raise Rejected("invalid notebook", "JSON, but not a Jupyter notebook (no cells and nbformat)")
    cells = []
    for number, cell in enumerate(nb["cells"], start=1):
        if not isinstance(cell, dict):
            raise Rejected("invalid notebook", f"cell {number} is not a cell")
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise Rejected("invalid notebook", f"cell {number} has no text source")
        cells.append([number, source])
    meta = nb.get("metadata") if isinstance(nb.get("metadata"), dict) else {}
    otter = meta.get("otter") if isinstance(meta.get("otter"), dict) else {}
    name = otter.get("assignment_name")
    return cells, (str(name) if name else None)
