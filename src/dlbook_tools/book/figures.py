"""Figure export: every image a lab draws becomes a file that chapter pages can embed.

The contract, for authors
-------------------------
Tag the code cell that draws the figure ``figure:<name>`` in its jupytext header::

    # %% tags=["figure:loss-landscape"]
    fig, ax = plt.subplots()
    ...
    plt.show()

The cell's image (SVG when the cell produced one, else PNG; matplotlib's inline backend
gives PNG unless told otherwise) is exported to
``build/book/figures/<lab-stem>/<name>.<svg|png>`` and the site serves it at
``figures/<lab-stem>/<name>.<svg|png>``. A chapter page in ``docs/part1/`` embeds it,
with alt text that says what the figure shows, as::

    ![Loss surface with the paths of SGD and Adam](../figures/05-gradient-descent/loss-landscape.png)

A name is lower-case letters, digits, ``-`` and ``_`` (``cell-<c>-<k>`` is reserved,
see below). The build fails, naming the lab
and the cell, when a tagged cell draws no image or more than one, when a cell carries two
``figure:`` tags, when two cells of a lab claim one name, or when a name is malformed.

Every other image of every lab is exported too, as ``cell-<c>-<k>.<svg|png>`` (the k-th
image of the c-th cell, both counted from 1), so nothing a lab draws is lost. Those names
move when cells are added; the tagged names are the stable API: embed only those.

Tags do not hide cells: mkdocs-jupyter removes cells only for the tags its
``remove_tag_config`` lists, and no ``figure:`` tag is ever listed there (a test holds
the site's configuration to that).
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dlbook_tools.book.files import write_atomic
from dlbook_tools.errors import UserError

TAG = "figure:"
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
UNTAGGED = re.compile(r"^cell-\d+-\d+$")  # the names of untagged images: no tag may take one
# Best first: SVG stays sharp at any zoom and its text is searchable.
FORMATS = (("image/svg+xml", "svg"), ("image/png", "png"))
SITE_DIR = "figures"


@dataclass(frozen=True)
class Figure:
    """One exported image: where it lies and where the site serves it."""

    lab: str  # the lab's stem
    name: str  # the tag's name, or cell-<c>-<k>
    path: Path

    @property
    def site_path(self) -> str:
        return f"{SITE_DIR}/{self.lab}/{self.path.name}"


def cell_images(cell: Any) -> list[tuple[str, bytes]]:
    """(extension, bytes) of each image output of a code cell, in output order."""
    images = []
    for output in cell.get("outputs", []):
        data = output.get("data", {}) if output.get("output_type") in ("display_data", "execute_result") else {}
        for mime, ext in FORMATS:
            if mime in data:
                raw = data[mime]
                raw = "".join(raw) if isinstance(raw, list) else raw  # nbformat may keep lines split
                images.append((ext, raw.encode() if ext == "svg" else base64.b64decode(raw)))
                break  # one image per output: its best format
    return images


def _where(lab: str, index: int, cell: Any) -> str:
    first = next((s.strip() for s in str(cell.get("source", "")).splitlines() if s.strip()), "")
    return f"lab {lab}, cell {index + 1} (starting `{first}`)"


def figure_files(nb: Any, lab: str) -> dict[str, bytes]:
    """The file name -> bytes of every figure of one executed notebook, checked against the contract.

    `lab` names the lab in error messages (its source path).
    """
    files: dict[str, bytes] = {}
    owner: dict[str, str] = {}  # figure name -> the cell that claimed it, for the duplicate message
    for index, cell in enumerate(nb.cells):
        if cell.get("cell_type") != "code":
            continue
        where = _where(lab, index, cell)
        tags = [t[len(TAG):] for t in cell.get("metadata", {}).get("tags", []) if t.startswith(TAG)]
        images = cell_images(cell)
        if not tags:
            for k, (ext, data) in enumerate(images, start=1):
                files[f"cell-{index + 1}-{k}.{ext}"] = data
            continue
        if len(tags) > 1:
            raise UserError(f"{where}: one figure per cell, but it is tagged {', '.join(TAG + t for t in tags)}")
        name = tags[0]
        if not NAME.match(name) or UNTAGGED.match(name):
            raise UserError(f"{where}: figure name {name!r} must be lower-case letters, digits, '-' and '_', "
                            "and not of the form cell-<c>-<k> (those name untagged images)")
        if len(images) != 1:
            raise UserError(f"{where}: tagged {TAG}{name} but draws {len(images) or 'no'} image(s); "
                            "a figure cell must draw exactly one (call plt.show() once)")
        if name in owner:
            raise UserError(f"{where}: figure name {name!r} is already used by {owner[name]}")
        owner[name] = where
        ext, data = images[0]
        files[f"{name}.{ext}"] = data
    return files


def export_figures(notebook: Path, lab: str, out_dir: Path) -> list[Figure]:
    """Export the figures of one executed lab notebook into ``out_dir/<stem>/``.

    Files already there with the same bytes are left alone (their mtime too); files no
    longer produced (a renamed tag, a removed plot) are deleted so the site never serves
    a stale figure. `lab` names the lab in error messages.
    """
    import nbformat

    stem = notebook.stem
    files = figure_files(nbformat.read(notebook, as_version=4), lab)
    folder = out_dir / stem
    for name, data in files.items():
        write_atomic(folder / name, data)
    if folder.is_dir():
        for old in folder.iterdir():
            if old.is_file() and old.name not in files:
                old.unlink()
    return [Figure(stem, name.rsplit(".", 1)[0], folder / name) for name in sorted(files)]
