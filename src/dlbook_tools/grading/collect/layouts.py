"""Telling the layouts apart, and reading each: a plain folder, Canvas, Gradescope,
GitHub Classroom and nbgrader (see the package docstring for their naming rules)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from dlbook_tools.grading.collect.units import (
    CANDIDATE,
    CANVAS_ANON,
    CANVAS_ENTRY,
    CANVAS_FILE,
    INBOUND,
    MAX_METADATA,
    METADATA,
    RESUBMITTED,
    TIMESTAMP,
    Member,
    Unit,
    as_datetime,
    as_text,
    label_of,
    natural_key,
    nbgrader_time,
    printable,
    read_small,
    stem_of,
)
from dlbook_tools.grading.submissions import SKIP_DIRS

# -- folders --------------------------------------------------------------------------------------

def walk_files(root: Path, skip_real: str | None, notes: list[str], arg: str) -> list[PurePosixPath]:
    """Relative paths of the regular files under `root`, symbolic links left out."""
    out: list[PurePosixPath] = []
    links = 0
    for folder, dirs, files in os.walk(root):
        if skip_real is not None and os.path.realpath(folder) == skip_real:
            dirs[:] = []
            continue
        kept = []
        for d in sorted(dirs):
            if d in SKIP_DIRS or d.startswith("."):
                continue
            if os.path.islink(os.path.join(folder, d)):
                links += 1
                continue
            kept.append(d)
        dirs[:] = kept
        rel_folder = PurePosixPath(*Path(os.path.relpath(folder, root)).parts)
        for name in sorted(files):
            if name.startswith("."):
                continue
            full = os.path.join(folder, name)
            if os.path.islink(full) or not stat.S_ISREG(os.lstat(full).st_mode):
                links += name.lower().endswith(CANDIDATE)
                continue
            out.append(rel_folder / name if str(rel_folder) != "." else PurePosixPath(name))
    if links:
        notes.append(f"{arg}: skipped {links} symbolic link{'s' if links != 1 else ''} (never followed)")
    return out


def from_folder(arg: str, root: Path, assignment: str | None, skip_real: str | None,
                 notes: list[str]) -> list[Unit]:
    if (root / "submitted").is_dir() and root.name != "submitted":
        return from_folder(os.path.join(arg, "submitted"), root / "submitted", assignment, skip_real, notes)
    files = walk_files(root, skip_real, notes, arg)
    at = {rel: root.joinpath(*rel.parts) for rel in files}
    repos = sorted(d.name for d in root.iterdir() if d.is_dir() and not d.is_symlink()
                   and not d.name.startswith(".") and (d / ".git").exists())
    if gradescope_base(files) is not None:
        return from_gradescope(arg, files, at, notes)
    if any(len(r.parts) == 3 and r.name == TIMESTAMP for r in files) or (
            root.name == "submitted" and any(len(r.parts) == 3 and r.name.lower().endswith(CANDIDATE) for r in files)):
        return from_nbgrader(arg, files, at, assignment, notes)
    if root.name == "inbound" or is_inbound(files):
        return nbgrader_inbound(arg, files, at, assignment, notes)
    if repos:
        return from_github(arg, root, repos, files, at, notes)
    if is_canvas([r for r in files if len(r.parts) == 1]):
        return from_canvas(arg, files, at, notes)
    return plain_units(arg, files, at, notes)


def plain_units(arg: str, files: list[PurePosixPath], at: dict[PurePosixPath, Path], notes: list[str]) -> list[Unit]:
    candidates = [r for r in files if r.name.lower().endswith(CANDIDATE)]
    if not candidates:
        notes.append(f"{arg}: no .ipynb or .zip files in this folder")
    elif len(candidates) < len(files):
        notes.append(f"{arg}: ignored {len(files) - len(candidates)} other files (not .ipynb or .zip)")
    per_folder: dict[PurePosixPath, int] = {}
    for r in candidates:
        per_folder[r.parent] = per_folder.get(r.parent, 0) + 1
    units = []
    for r in candidates:
        # alice/hw.ipynb is alice's (one folder per student); a folder of several files names none
        student = r.parent.name if len(r.parts) > 1 and per_folder[r.parent] == 1 else stem_of(r.name)
        key = os.path.join(arg, *r.parts)
        units.append(Unit("folder", (Member(student),), [(key, at[r], ())], key, identity=("key", key)))
    return units


# -- Canvas ---------------------------------------------------------------------------------------

def is_canvas(top: list[PurePosixPath]) -> bool:
    names = [r.name for r in top]
    return bool(names) and any(n.lower().endswith(CANDIDATE) for n in names) and all(
        CANVAS_ANON.match(n) or CANVAS_FILE.match(n) or CANVAS_ENTRY.match(n) for n in names)


def from_canvas(arg: str, files: Iterable[PurePosixPath], at: dict[PurePosixPath, Path], notes: list[str],
            why: dict[PurePosixPath, str] | None = None) -> list[Unit]:
    users: dict[str, Unit] = {}
    nested = 0
    for r in files:
        if len(r.parts) != 1:
            nested += 1
            continue
        m = CANVAS_ANON.match(r.name) or CANVAS_FILE.match(r.name)  # anon_<digits> would pass as a name
        e = CANVAS_ENTRY.match(r.name) if m is None else None
        if m is None and e is None:
            continue
        g = (m or e).groupdict()  # type: ignore[union-attr]
        user = g.get("user") or f"anon_{g['anon']}"
        name = g.get("name") or user
        unit = users.get(user)
        if unit is None:
            unit = users[user] = Unit("canvas", (Member(name, user),), [], os.path.join(arg, f"{name}_{user}"),
                                       identity=("canvas", user))
        if (g.get("late") or g.get("late2")) and "late (Canvas marked it LATE)" not in unit.notes:
            unit.notes.append("late (Canvas marked it LATE)")
        if e is not None:
            unit.notes.append(f"handed in a {e['kind']} entry, not a file")
        elif r not in at and r.name.lower().endswith(CANDIDATE):
            unit.notes.append(f"left out {label_of(r.name)}: {(why or {}).get(r, 'not extracted')}")
        elif r.name.lower().endswith(CANDIDATE):
            orig = g["orig"]
            again = RESUBMITTED.match(stem_of(orig))
            unit.files.append((os.path.join(arg, r.name), at[r], (int(g["file"]), int(again["n"]) if again else 0)))
        else:
            unit.notes.append(f"handed in {printable(g['orig'])[:60]!r}, not a notebook")
    if nested:
        notes.append(f"{arg}: ignored {nested} files in folders (a Canvas download has none)")
    return list(users.values())


# -- Gradescope -----------------------------------------------------------------------------------

def gradescope_meta(files: Iterable[PurePosixPath]) -> PurePosixPath | None:
    """submission_metadata.yml at the root or one folder down (assignment_<id>_export/)."""
    return next((r for r in files if r.name == METADATA and len(r.parts) <= 2), None)


def gradescope_base(files: Iterable[PurePosixPath]) -> PurePosixPath | None:
    meta = gradescope_meta(files)
    return meta.parent if meta is not None else None


def from_gradescope(arg: str, files: list[PurePosixPath], at: dict[PurePosixPath, Path], notes: list[str],
                why: dict[PurePosixPath, str] | None = None) -> list[Unit]:
    base = gradescope_base(files)
    assert base is not None
    meta_path = at[base / METADATA]
    meta = read_metadata(meta_path, arg, notes)
    folders: dict[str, list[PurePosixPath]] = {}
    stray = 0
    for r in files:
        rel = r.relative_to(base) if base != PurePosixPath(".") else r
        if len(rel.parts) >= 2 and rel.parts[0].startswith("submission_"):
            if rel.name.lower().endswith(CANDIDATE):
                folders.setdefault(rel.parts[0], []).append(r)
        elif rel.name != METADATA:
            stray += r.name.lower().endswith(CANDIDATE)
    if stray:
        notes.append(f"{arg}: ignored {stray} notebooks outside the submission_<id> folders")
    units = []
    for sub in sorted(set(folders) | set(meta), key=natural_key):
        entry = meta.get(sub)
        members: tuple[Member, ...] = ()
        created = None
        unit_notes: list[str] = []
        if isinstance(entry, dict):
            members = tuple(submitter(s) for s in entry.get(":submitters") or () if isinstance(s, dict))
            created = as_datetime(entry.get(":created_at"))
            history = entry.get(":history")
            if isinstance(history, list) and history:
                unit_notes.append(f"the active one of {len(history) + 1} attempts on Gradescope")
        else:
            unit_notes.append(f"{sub} is not in {METADATA}")
        if not members:
            members = (Member(sub),)
        unit = Unit("gradescope", members, [], os.path.join(arg, *base.parts, sub), created, unit_notes,
                     identity=("gradescope",))
        for r in folders.get(sub, []):
            if r in at:
                unit.files.append((os.path.join(arg, *r.parts), at[r], ()))
            else:
                unit.notes.append(f"left out {label_of(r.name)}: {(why or {}).get(r, 'not extracted')}")
        units.append(unit)
    return units


def read_metadata(path: Path, arg: str, notes: list[str]) -> dict:
    try:
        import yaml  # otter-grader requires PyYAML
    except ImportError:  # pragma: no cover - installed with otter-grader
        notes.append(f"{arg}: PyYAML is not installed, so {METADATA} was not read (pip install pyyaml)")
        return {}
    try:
        if path.stat().st_size > MAX_METADATA:
            raise ValueError(f"over {MAX_METADATA // 2**20} MiB")
        data = yaml.safe_load(path.read_bytes())
    except Exception as err:  # noqa: BLE001 - a bad metadata file is a note, and folder names remain
        notes.append(f"{arg}: cannot read {METADATA} ({type(err).__name__}); students are named by folder")
        return {}
    return {str(k): v for k, v in data.items()} if isinstance(data, dict) else {}


def submitter(s: dict) -> Member:
    name, sid, email = (as_text(s.get(k)) for k in (":name", ":sid", ":email"))
    return Member(name or email or sid or "?", sid or email, email)


# -- GitHub Classroom ----------------------------------------------------------------------------

def from_github(arg: str, root: Path, repos: list[str], files: list[PurePosixPath],
            at: dict[PurePosixPath, Path], notes: list[str]) -> list[Unit]:
    prefix = repo_prefix(root.name, repos)
    per_repo: dict[str, list[PurePosixPath]] = {r: [] for r in repos}
    outside = 0
    for r in files:
        if r.name.lower().endswith(CANDIDATE):
            if len(r.parts) > 1 and r.parts[0] in per_repo:
                per_repo[r.parts[0]].append(r)
            else:
                outside += 1
    if outside:
        notes.append(f"{arg}: ignored {outside} notebooks outside the cloned repositories")
    units = []
    for repo in repos:
        user = repo[len(prefix):] if prefix else repo
        unit = Unit("github-classroom", (Member(user, user),), [], os.path.join(arg, repo),
                     identity=("github", user))
        if not prefix:
            unit.notes.append("the repository's full name (no assignment prefix to remove)")
        for r in per_repo[repo]:
            unit.files.append((os.path.join(arg, *r.parts), at[r], ()))
        units.append(unit)
    return units


def repo_prefix(folder: str, repos: list[str]) -> str:
    """The assignment prefix of repositories named <prefix>-<username>."""
    if folder.endswith("-submissions"):  # gh classroom clone student-repos: <slug>-submissions/
        slug = folder[: -len("-submissions")] + "-"
        if all(r.startswith(slug) and len(r) > len(slug) for r in repos):
            return slug
    if len(repos) < 2:
        return ""
    common = os.path.commonprefix(repos)
    cut = common.rfind("-")
    while cut >= 0 and any(len(r) <= cut + 1 for r in repos):
        cut = common.rfind("-", 0, cut)
    return common[: cut + 1] if cut >= 0 else ""


# -- nbgrader --------------------------------------------------------------------------------------

def from_nbgrader(arg: str, files: list[PurePosixPath], at: dict[PurePosixPath, Path], assignment: str | None,
              notes: list[str]) -> list[Unit]:
    folders: dict[tuple[str, str], Unit] = {}
    for r in files:
        if len(r.parts) < 3:
            continue
        student, assign = r.parts[0], r.parts[1]
        unit = folders.get((student, assign))
        if unit is None:
            unit = folders[(student, assign)] = Unit(
                "nbgrader", (Member(student, student),), [], os.path.join(arg, student, assign),
                group=assign, identity=("nbgrader", student, assign))
        if len(r.parts) == 3 and r.name == TIMESTAMP:
            unit.submitted_at = nbgrader_time(read_small(at[r]))
        elif len(r.parts) == 3 and r.name.lower().endswith(CANDIDATE):
            unit.files.append((os.path.join(arg, *r.parts), at[r], ()))
    return only_assignment(arg, list(folders.values()), assignment, notes)


def is_inbound(files: list[PurePosixPath]) -> bool:
    tops = {r.parts[0] for r in files if len(r.parts) > 1}
    return bool(tops) and all(INBOUND.match(t) for t in tops)


def nbgrader_inbound(arg: str, files: list[PurePosixPath], at: dict[PurePosixPath, Path],
                      assignment: str | None, notes: list[str]) -> list[Unit]:
    entries: dict[str, Unit] = {}
    for r in files:
        if len(r.parts) != 2:
            continue
        top = r.parts[0]
        unit = entries.get(top)
        if unit is None:
            parts = top.rsplit("+", 3)  # as nbgrader's ExchangeCollect._path_to_record
            if len(parts) < 3:
                continue
            student, assign, stamp = parts[0], parts[1], parts[2]
            unit = entries[top] = Unit("nbgrader", (Member(student, student),), [], os.path.join(arg, top),
                                        nbgrader_time(stamp), group=assign, identity=("nbgrader", student, assign))
        if r.name.lower().endswith(CANDIDATE):
            unit.files.append((os.path.join(arg, *r.parts), at[r], ()))
    return only_assignment(arg, list(entries.values()), assignment, notes)


def only_assignment(arg: str, units: list[Unit], assignment: str | None, notes: list[str]) -> list[Unit]:
    names = sorted({u.group for u in units}, key=natural_key)
    if assignment is not None and assignment in names:
        if len(names) > 1:
            notes.append(f"{arg}: graded the {assignment} folders only; left out "
                         + ", ".join(printable(n) for n in names if n != assignment))
        return [u for u in units if u.group == assignment]
    if len(names) > 1:
        notes.append(f"{arg}: submissions of {len(names)} assignments (" + ", ".join(printable(n) for n in names)
                     + "); each is graded as given")
    return units




