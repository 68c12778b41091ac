"""collect(): every submission under the arguments, the latest attempt of each student."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from dlbook_tools import notebooks
from dlbook_tools.grading.collect.archives import from_zip, scratch_dir
from dlbook_tools.grading.collect.layouts import from_folder
from dlbook_tools.grading.collect.units import RESUBMITTED, Collected, Member, Unit, label_of, printable, stem_of


def collect(paths: Sequence[str | os.PathLike], *, assignment: str | None = None,
            scratch: Path | None = None, skip: Path | None = None) -> tuple[list[Collected], list[str]]:
    """Every submission under `paths`, the latest of each student, with notes on what was
    left out. `assignment` (the set's name) picks the notebook where a submission holds
    several, and the assignment's folders in an nbgrader tree. Archives are extracted under
    `scratch` (by default a temporary folder removed at exit); `skip` (the output folder)
    is not searched."""
    notes: list[str] = []
    units: list[Unit] = []
    seen: set[str] = set()
    skip_real = os.path.realpath(skip) if skip is not None else None
    for arg in paths:
        arg_s = os.fspath(arg)
        path = Path(arg_s)
        if path.is_dir():
            units += from_folder(arg_s, path, assignment, skip_real, notes)
        elif path.is_file() and path.suffix.lower() != ".ipynb" and zipfile.is_zipfile(path):
            units += from_zip(arg_s, path, assignment, scratch_dir(scratch), notes)
        else:  # a notebook, or a missing or odd file: still a row, and load() says why
            units.append(Unit("folder", (Member(path.stem),), [(arg_s, path, ())], arg_s))
    found = []
    for c in latest_per_student(units, assignment):
        real = os.path.realpath(c.path)
        if real in seen and c.path.exists():
            continue
        seen.add(real)
        found.append(c)
    return found, notes


# -- choosing ---------------------------------------------------------------------------------------

def latest_per_student(units: list[Unit], assignment: str | None) -> list[Collected]:
    """One notebook per unit, then the latest unit of each student (per member, for groups)."""
    chosen: list[tuple[Unit, tuple[str, Path] | None, list[str]]] = []
    for unit in units:
        notes = list(unit.notes)
        if not unit.files:
            notes.append("no notebook (.ipynb) or otter zip in this submission")
            chosen.append((unit, None, notes))
            continue
        best, others = pick_file(unit.files, assignment)
        if others:
            notes.append(f"graded {label_of(best[0])}; left out {len(others)} other file{'s' if len(others) != 1 else ''}: "
                         + ", ".join(label_of(o) for o in others[:3]) + (" ..." if len(others) > 3 else ""))
        chosen.append((unit, best, notes))
    # the latest of each student (each member of a group): by time, then by order in the input
    def who(unit: Unit, m: Member) -> tuple:
        return (*unit.identity, m.id or m.name)

    ranked = [not u.identity or u.identity[0] == "key" for u, _, _ in chosen]  # plain files: all kept
    latest: dict[tuple, int] = {}
    for i, (unit, _, _) in enumerate(chosen):
        if ranked[i]:
            continue
        for m in unit.members:
            j = latest.get(who(unit, m))
            if j is None or is_later(unit, chosen[j][0]):
                latest[who(unit, m)] = i
    out: list[Collected] = []
    for i, (unit, picked, notes) in enumerate(chosen):
        members = unit.members
        if not ranked[i]:
            keep = tuple(m for m in members if latest[who(unit, m)] == i)
            if not keep:
                continue
            mine = {who(unit, m) for m in keep}
            superseded = [c for j, c in enumerate(chosen) if j != i and any(who(c[0], m) in mine for m in c[0].members)]
            if superseded:
                notes.append(f"latest of {len(superseded) + 1} submissions; superseded "
                             + ", ".join(label_of(s[1][0] if s[1] else s[0].key_base, 2) for s in superseded[:3]))
            if len(keep) < len(members):
                notes.append("a later submission stands for "
                             + ", ".join(printable(m.name) for m in members if m not in keep))
            members = keep
        student = " & ".join(printable(m.name) for m in members)
        path = picked[1] if picked else Path(unit.key_base)
        key = printable(picked[0] if picked else unit.key_base)
        out.append(Collected(student, path, unit.layout, unit.submitted_at, "; ".join(notes), key,
                             members[0].id, members[0].email, members))
    # a unit whose notebook is also another's (same key) keeps the first
    seen: set[str] = set()
    unique = []
    for c in out:
        if c.key in seen:
            c = replace(c, key=f"{c.key}#{len(seen)}")
        seen.add(c.key)
        unique.append(c)
    return unique


def is_later(a: Unit, b: Unit) -> bool:
    ta, tb = utc_seconds(a.submitted_at), utc_seconds(b.submitted_at)
    if ta is not None and tb is not None:
        return ta > tb
    return ta is not None and tb is None


def utc_seconds(when: datetime | None) -> float | None:
    if when is None:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).timestamp()


def pick_file(files: list[tuple[str, Path, tuple]], assignment: str | None) -> tuple[tuple[str, Path], list[str]]:
    """The file to grade among a submission's: the one whose otter metadata names the
    assignment, then the one named after it, then the latest (by the layout's order)."""
    if len(files) == 1:
        return (files[0][0], files[0][1]), []

    def rank(f: tuple[str, Path, tuple]) -> tuple:
        label, path, order = f
        names_it = False
        if assignment is not None and path.suffix.lower() == ".ipynb":
            try:
                names_it = notebooks.read(path).assignment == assignment
            except notebooks.NotebookError:
                pass
        stem = stem_of(PurePosixPath(label.replace(os.sep, "/")).name)
        again = RESUBMITTED.match(stem)
        base = again["stem"] if again else stem
        named = assignment is not None and (stem == assignment or base == assignment or base.endswith(f"_{assignment}"))
        return (names_it, named, order, label)

    ranked = sorted(files, key=rank, reverse=True)
    return (ranked[0][0], ranked[0][1]), [f[0] for f in ranked[1:]]


