"""Submissions as classes hand them in: which student each one is, and only their latest.

:func:`collect` takes the SUBMISSION arguments of ``dlbook grade``, recognises each one's
layout from its structure alone, and yields one :class:`Collected` per submission to grade:
the notebook (or otter-exported zip) with the student the layout names, when it was
handed in, and a note on anything left out (a superseded attempt, a second notebook).
Nothing here executes or trusts a submission: names, metadata and archive members are
data, never paths to follow; a symbolic link inside a folder is skipped, not followed (a
cloned repository may hold one pointing at the solution notebook).

The layouts, each as its system publishes it (tested in tests/tools/grading/test_collect.py):

``canvas`` -- a Canvas "Download Submissions" zip, or that zip unpacked. Canvas names each
    uploaded file ``<lastfirst>[_LATE]_<user id>_<file id>_<file name>`` at the root of
    the zip (instructure/canvas-lms ``lib/content_zipper.rb``: ``get_filename`` joins the
    sortable name, ``LATE`` when late and the user id with ``_``, keeps word characters
    only, and ``add_upload_submission`` appends ``_<attachment id>_<display name>``). The
    sortable name ("Last, First") is lower-cased with everything but letters, digits and
    ``_`` removed, so ``smithjane``; with anonymous grading ``anon_<anonymous id>`` stands
    for it. The second number is the *attachment* id (not a submission id); attachment ids
    grow with each upload. Canvas renames a re-uploaded file of the same name
    ``<name>-1.<ext>``, ``-2``, ... (``Attachment.make_unique_filename``). Text and URL
    entries are ``<lastfirst>[_LATE]_<user id>_text.html`` / ``_link.html``. Student: the
    lastfirst name; ``student_id``: the Canvas user id. Of several files of one user, the
    one naming the assignment wins, then the latest upload (highest attachment id).
``gradescope`` -- a Gradescope "Export Submissions" zip (``assignment_<id>_export/``) or
    folder: ``submission_metadata.yml`` maps each ``submission_<id>`` folder to
    ``:submitters:`` (``:name:``, ``:sid:``, ``:email:``; several for a group),
    ``:created_at:`` and ``:history:`` (earlier attempts, metadata only). Only each
    submission's active attempt has files. Student: the submitters' names; ``student_id``:
    the SID (or the e-mail when the SID is blank). A student in two submissions keeps the
    later ``:created_at:``.
``github-classroom`` -- a folder of cloned assignment repositories (each with ``.git``),
    named ``<assignment prefix>-<GitHub username>`` (or ``-<team name>``) as GitHub
    Classroom names them; ``gh classroom clone student-repos`` clones them into
    ``<assignment slug>-submissions/`` (github/gh-classroom
    ``cmd/gh-classroom/clone/student-repos/student-repos.go``). The prefix is that slug
    when the folder is so named, else the longest ``-``-ended prefix all repositories
    share. Student: the username. No time stamp: git is never run on a student's
    repository (its config can run commands).
``nbgrader`` -- nbgrader's ``submitted/<student id>/<assignment id>/<notebook>.ipynb`` with
    ``timestamp.txt`` beside the notebooks (nbgrader's documented directory structure
    ``{nbgrader_step}/{student_id}/{assignment_id}/{notebook_id}.ipynb``), passed as
    ``submitted/``, as the course folder holding it, or as a folder with that shape; and
    the exchange's ``inbound/`` folder, whose entries are
    ``<student id>+<assignment id>+<timestamp>[+<random>]`` (nbgrader
    ``exchange/default/collect.py`` splits them with ``rsplit('+', 3)`` and keeps the
    latest time stamp per student, as this does). Time stamps are nbgrader's
    ``%Y-%m-%d %H:%M:%S.%f %Z``. Student: the student id. Only the folders of
    ``assignment`` are kept when it is given and present.
``folder`` -- anything else: notebooks and otter-exported zips, searched recursively; a zip
    that is none of the exports above is one submission. Every file is a submission, as
    :func:`dlbook_tools.grading.submissions.collect` has it. Student: the file's folder when
    that folder (below the argument) holds only this file, as in an LMS download with one
    folder per student; otherwise the file's stem.

Archives are read without trusting them: a member with an absolute or ``..`` path refuses
the whole archive (no system writes one); only the files needed are extracted, each under a
name of our own, capped per file and in total (the caps below, far above
:mod:`~dlbook_tools.grading.submissions`' limits for *one* submission, which still apply to
each extracted notebook or zip when it is graded).
"""

from __future__ import annotations

import atexit
import hashlib
import os
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path, PurePosixPath

from dlbook_tools import notebooks
from dlbook_tools.grading.submissions import MAX_ZIP_EXPANDED, SKIP_DIRS

LAYOUTS = ("folder", "canvas", "gradescope", "github-classroom", "nbgrader")

# Limits of one class's export (a whole archive); each submission in it gets the limits of
# dlbook_tools.notebooks and .submissions when it is loaded for grading.
MAX_EXPORT_MEMBERS = 50_000           # a Canvas zip of 500 students with a few files each
MAX_EXPORT_EXTRACTED = 4 * 2**30      # bytes extracted from one archive, all files together
MAX_NOTEBOOK = notebooks.MAX_BYTES    # one notebook
MAX_INNER_ZIP = MAX_ZIP_EXPANDED      # one otter-exported zip inside the export
MAX_METADATA = 32 * 2**20             # submission_metadata.yml, timestamp.txt

CANDIDATE = (".ipynb", ".zip")
METADATA = "submission_metadata.yml"
TIMESTAMP = "timestamp.txt"

# <lastfirst>[_LATE]_<user id>_<attachment id>_<display name>  (content_zipper.rb)
CANVAS_FILE = re.compile(r"^(?P<name>\w*?)(?P<late>_LATE)?_(?P<user>\d+)_(?P<file>\d+)_(?P<orig>.+)$")
# [LATE_]anon_<anonymous id>_<attachment id>_<display name>  (anonymous grading)
CANVAS_ANON = re.compile(r"^(?P<late>LATE_)?anon_(?P<anon>\w+?)_(?P<file>\d+)_(?P<orig>.+)$")
# <lastfirst>[_LATE]_<user id>_text.html | _link.html, or [LATE_]anon_<id>_...: text and URL entries
CANVAS_ENTRY = re.compile(r"^(?:(?P<name>\w*?)(?P<late>_LATE)?_(?P<user>\d+)|(?P<late2>LATE_)?anon_(?P<anon>\w+?))"
                          r"_(?P<kind>text|link)\.html$")
RESUBMITTED = re.compile(r"^(?P<stem>.*)-(?P<n>\d+)$")  # hw-2 of make_unique_filename
INBOUND = re.compile(r"^[^+/]+\+[^+/]+\+[^+/]+(\+[^+/]*)?$")  # nbgrader's inbound entries


@dataclass(frozen=True)
class Member:
    """One student behind a submission (a Gradescope group has several)."""

    name: str
    id: str = ""      # Canvas user id, Gradescope SID, GitHub username, nbgrader student id
    email: str = ""


@dataclass(frozen=True)
class Collected:
    """One submission to grade. `student` and the members' fields come from the submission
    or its metadata: untrusted text, never a path (use report.slug for a folder name)."""

    student: str                  # the gradebook's `student` column
    path: Path                    # the notebook or otter zip to grade (may not exist: load says why)
    layout: str                   # one of LAYOUTS
    submitted_at: datetime | None = None
    note: str = ""                # what was left out or is odd; for the gradebook's note
    key: str = ""                 # unique and stable across runs: the gradebook's `submission`
    student_id: str = ""          # the first member's id
    email: str = ""
    members: tuple[Member, ...] = ()


@dataclass
class _Unit:
    """A submission before the latest of each student is chosen."""

    layout: str
    members: tuple[Member, ...]
    files: list[tuple[str, Path, tuple]]  # (label, path, order: higher is later) of notebooks/zips
    key_base: str                         # the key of a unit with no notebook
    submitted_at: datetime | None = None
    notes: list[str] = field(default_factory=list)
    group: str = ""                       # several assignments in one tree stay apart
    identity: tuple = ()                  # who this is, to find the latest of each student


def collect(paths: Sequence[str | os.PathLike], *, assignment: str | None = None,
            scratch: Path | None = None, skip: Path | None = None) -> tuple[list[Collected], list[str]]:
    """Every submission under `paths`, the latest of each student, with notes on what was
    left out. `assignment` (the set's name) picks the notebook where a submission holds
    several, and the assignment's folders in an nbgrader tree. Archives are extracted under
    `scratch` (by default a temporary folder removed at exit); `skip` (the output folder)
    is not searched."""
    notes: list[str] = []
    units: list[_Unit] = []
    seen: set[str] = set()
    skip_real = os.path.realpath(skip) if skip is not None else None
    for arg in paths:
        arg_s = os.fspath(arg)
        path = Path(arg_s)
        if path.is_dir():
            units += _from_folder(arg_s, path, assignment, skip_real, notes)
        elif path.is_file() and path.suffix.lower() != ".ipynb" and zipfile.is_zipfile(path):
            units += _from_zip(arg_s, path, assignment, _scratch(scratch), notes)
        else:  # a notebook, or a missing or odd file: still a row, and load() says why
            units.append(_Unit("folder", (Member(path.stem),), [(arg_s, path, ())], arg_s))
    found = []
    for c in _latest(units, assignment):
        real = os.path.realpath(c.path)
        if real in seen and c.path.exists():
            continue
        seen.add(real)
        found.append(c)
    return found, notes


# -- folders --------------------------------------------------------------------------------------

def _walk(root: Path, skip_real: str | None, notes: list[str], arg: str) -> list[PurePosixPath]:
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


def _from_folder(arg: str, root: Path, assignment: str | None, skip_real: str | None,
                 notes: list[str]) -> list[_Unit]:
    if (root / "submitted").is_dir() and root.name != "submitted":
        return _from_folder(os.path.join(arg, "submitted"), root / "submitted", assignment, skip_real, notes)
    files = _walk(root, skip_real, notes, arg)
    at = {rel: root.joinpath(*rel.parts) for rel in files}
    repos = sorted(d.name for d in root.iterdir() if d.is_dir() and not d.is_symlink()
                   and not d.name.startswith(".") and (d / ".git").exists())
    if _gradescope_base(files) is not None:
        return _gradescope(arg, files, at, notes)
    if any(len(r.parts) == 3 and r.name == TIMESTAMP for r in files) or (
            root.name == "submitted" and any(len(r.parts) == 3 and r.name.lower().endswith(CANDIDATE) for r in files)):
        return _nbgrader(arg, files, at, assignment, notes)
    if root.name == "inbound" or _is_inbound(files):
        return _nbgrader_inbound(arg, files, at, assignment, notes)
    if repos:
        return _github(arg, root, repos, files, at, notes)
    if _is_canvas([r for r in files if len(r.parts) == 1]):
        return _canvas(arg, files, at, notes)
    return _plain(arg, files, at, notes)


def _plain(arg: str, files: list[PurePosixPath], at: dict[PurePosixPath, Path], notes: list[str]) -> list[_Unit]:
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
        student = r.parent.name if len(r.parts) > 1 and per_folder[r.parent] == 1 else _stem(r.name)
        key = os.path.join(arg, *r.parts)
        units.append(_Unit("folder", (Member(student),), [(key, at[r], ())], key, identity=("key", key)))
    return units


# -- Canvas ---------------------------------------------------------------------------------------

def _is_canvas(top: list[PurePosixPath]) -> bool:
    names = [r.name for r in top]
    return bool(names) and any(n.lower().endswith(CANDIDATE) for n in names) and all(
        CANVAS_ANON.match(n) or CANVAS_FILE.match(n) or CANVAS_ENTRY.match(n) for n in names)


def _canvas(arg: str, files: Iterable[PurePosixPath], at: dict[PurePosixPath, Path], notes: list[str],
            why: dict[PurePosixPath, str] | None = None) -> list[_Unit]:
    users: dict[str, _Unit] = {}
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
            unit = users[user] = _Unit("canvas", (Member(name, user),), [], os.path.join(arg, f"{name}_{user}"),
                                       identity=("canvas", user))
        if (g.get("late") or g.get("late2")) and "late (Canvas marked it LATE)" not in unit.notes:
            unit.notes.append("late (Canvas marked it LATE)")
        if e is not None:
            unit.notes.append(f"handed in a {e['kind']} entry, not a file")
        elif r not in at and r.name.lower().endswith(CANDIDATE):
            unit.notes.append(f"left out {_label(r.name)}: {(why or {}).get(r, 'not extracted')}")
        elif r.name.lower().endswith(CANDIDATE):
            orig = g["orig"]
            again = RESUBMITTED.match(_stem(orig))
            unit.files.append((os.path.join(arg, r.name), at[r], (int(g["file"]), int(again["n"]) if again else 0)))
        else:
            unit.notes.append(f"handed in {_printable(g['orig'])[:60]!r}, not a notebook")
    if nested:
        notes.append(f"{arg}: ignored {nested} files in folders (a Canvas download has none)")
    return list(users.values())


# -- Gradescope -----------------------------------------------------------------------------------

def _gradescope_meta(files: Iterable[PurePosixPath]) -> PurePosixPath | None:
    """submission_metadata.yml at the root or one folder down (assignment_<id>_export/)."""
    return next((r for r in files if r.name == METADATA and len(r.parts) <= 2), None)


def _gradescope_base(files: Iterable[PurePosixPath]) -> PurePosixPath | None:
    meta = _gradescope_meta(files)
    return meta.parent if meta is not None else None


def _gradescope(arg: str, files: list[PurePosixPath], at: dict[PurePosixPath, Path], notes: list[str],
                why: dict[PurePosixPath, str] | None = None) -> list[_Unit]:
    base = _gradescope_base(files)
    assert base is not None
    meta_path = at[base / METADATA]
    meta = _read_metadata(meta_path, arg, notes)
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
    for sub in sorted(set(folders) | set(meta), key=_natural):
        entry = meta.get(sub)
        members: tuple[Member, ...] = ()
        created = None
        unit_notes: list[str] = []
        if isinstance(entry, dict):
            members = tuple(_submitter(s) for s in entry.get(":submitters") or () if isinstance(s, dict))
            created = _as_datetime(entry.get(":created_at"))
            history = entry.get(":history")
            if isinstance(history, list) and history:
                unit_notes.append(f"the active one of {len(history) + 1} attempts on Gradescope")
        else:
            unit_notes.append(f"{sub} is not in {METADATA}")
        if not members:
            members = (Member(sub),)
        unit = _Unit("gradescope", members, [], os.path.join(arg, *base.parts, sub), created, unit_notes,
                     identity=("gradescope",))
        for r in folders.get(sub, []):
            if r in at:
                unit.files.append((os.path.join(arg, *r.parts), at[r], ()))
            else:
                unit.notes.append(f"left out {_label(r.name)}: {(why or {}).get(r, 'not extracted')}")
        units.append(unit)
    return units


def _read_metadata(path: Path, arg: str, notes: list[str]) -> dict:
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


def _submitter(s: dict) -> Member:
    name, sid, email = (_text(s.get(k)) for k in (":name", ":sid", ":email"))
    return Member(name or email or sid or "?", sid or email, email)


# -- GitHub Classroom ----------------------------------------------------------------------------

def _github(arg: str, root: Path, repos: list[str], files: list[PurePosixPath],
            at: dict[PurePosixPath, Path], notes: list[str]) -> list[_Unit]:
    prefix = _repo_prefix(root.name, repos)
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
        unit = _Unit("github-classroom", (Member(user, user),), [], os.path.join(arg, repo),
                     identity=("github", user))
        if not prefix:
            unit.notes.append("the repository's full name (no assignment prefix to remove)")
        for r in per_repo[repo]:
            unit.files.append((os.path.join(arg, *r.parts), at[r], ()))
        units.append(unit)
    return units


def _repo_prefix(folder: str, repos: list[str]) -> str:
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

def _nbgrader(arg: str, files: list[PurePosixPath], at: dict[PurePosixPath, Path], assignment: str | None,
              notes: list[str]) -> list[_Unit]:
    folders: dict[tuple[str, str], _Unit] = {}
    for r in files:
        if len(r.parts) < 3:
            continue
        student, assign = r.parts[0], r.parts[1]
        unit = folders.get((student, assign))
        if unit is None:
            unit = folders[(student, assign)] = _Unit(
                "nbgrader", (Member(student, student),), [], os.path.join(arg, student, assign),
                group=assign, identity=("nbgrader", student, assign))
        if len(r.parts) == 3 and r.name == TIMESTAMP:
            unit.submitted_at = _nbgrader_time(_read_small(at[r]))
        elif len(r.parts) == 3 and r.name.lower().endswith(CANDIDATE):
            unit.files.append((os.path.join(arg, *r.parts), at[r], ()))
    return _only_assignment(arg, list(folders.values()), assignment, notes)


def _is_inbound(files: list[PurePosixPath]) -> bool:
    tops = {r.parts[0] for r in files if len(r.parts) > 1}
    return bool(tops) and all(INBOUND.match(t) for t in tops)


def _nbgrader_inbound(arg: str, files: list[PurePosixPath], at: dict[PurePosixPath, Path],
                      assignment: str | None, notes: list[str]) -> list[_Unit]:
    entries: dict[str, _Unit] = {}
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
            unit = entries[top] = _Unit("nbgrader", (Member(student, student),), [], os.path.join(arg, top),
                                        _nbgrader_time(stamp), group=assign, identity=("nbgrader", student, assign))
        if r.name.lower().endswith(CANDIDATE):
            unit.files.append((os.path.join(arg, *r.parts), at[r], ()))
    return _only_assignment(arg, list(entries.values()), assignment, notes)


def _only_assignment(arg: str, units: list[_Unit], assignment: str | None, notes: list[str]) -> list[_Unit]:
    names = sorted({u.group for u in units}, key=_natural)
    if assignment is not None and assignment in names:
        if len(names) > 1:
            notes.append(f"{arg}: graded the {assignment} folders only; left out "
                         + ", ".join(_printable(n) for n in names if n != assignment))
        return [u for u in units if u.group == assignment]
    if len(names) > 1:
        notes.append(f"{arg}: submissions of {len(names)} assignments (" + ", ".join(_printable(n) for n in names)
                     + "); each is graded as given")
    return units


def _nbgrader_time(text: str) -> datetime | None:
    """nbgrader's "%Y-%m-%d %H:%M:%S.%f %Z" (e.g. 2020-01-30 10:30:47.524219 UTC), or ISO 8601."""
    m = re.match(r"^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d+))?\s*(\S*)$", text.strip())
    if not m:
        return None
    try:
        year, month, day, hour, minute, second = (int(m[i]) for i in range(1, 7))
        when = datetime(year, month, day, hour, minute, second, int((m[7] or "0")[:6].ljust(6, "0")))
    except ValueError:
        return None
    zone = m[8].upper()
    if zone in ("UTC", "GMT", "Z"):
        return when.replace(tzinfo=timezone.utc)
    offset = re.fullmatch(r"([+-])(\d\d):?(\d\d)", zone)
    if offset:
        delta = timedelta(hours=int(offset[2]), minutes=int(offset[3]))
        return when.replace(tzinfo=timezone(delta if offset[1] == "+" else -delta))
    return when  # another zone's name: compared as if UTC


# -- archives --------------------------------------------------------------------------------------

_scratch_root: Path | None = None


def _scratch(scratch: Path | None) -> Path:
    global _scratch_root
    if scratch is not None:
        return scratch
    if _scratch_root is None:
        _scratch_root = Path(tempfile.mkdtemp(prefix="dlbook-collect-"))
        atexit.register(shutil.rmtree, _scratch_root, True)
    return _scratch_root


def _member_name(info: zipfile.ZipInfo) -> str:
    name = info.filename
    if not info.flag_bits & 0x800:  # not flagged UTF-8: cp437 by the standard, UTF-8 in practice
        try:
            name = name.encode("cp437").decode("utf-8")
        except UnicodeError:
            pass
    return name.replace("\\", "/")


def _unsafe(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return name.startswith("/") or ".." in parts or (bool(parts) and ":" in parts[0])


def _from_zip(arg: str, path: Path, assignment: str | None, scratch: Path, notes: list[str]) -> list[_Unit]:
    single = [_Unit("folder", (Member(path.stem),), [(arg, path, ())], arg, identity=("key", arg))]
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return single  # load() gives the row its reason
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_EXPORT_MEMBERS:
            notes.append(f"{arg}: {len(infos)} files in the zip (limit {MAX_EXPORT_MEMBERS}); graded as one submission")
            return single
        named = [(_member_name(i), i) for i in infos if not i.is_dir()]
        rels = [PurePosixPath(n) for n, _ in named]
        kept = [r for r in rels if not any(p in SKIP_DIRS or p.startswith(".") for p in r.parts)]
        top = [r for r in kept if len(r.parts) == 1]
        if _gradescope_base(kept) is None and not _is_canvas(top):
            return single  # an otter-exported zip (or not a class export): one submission
        bad = [n for n, _ in named if _unsafe(n)]
        if bad:
            notes.append(f"{arg}: refused: unsafe path in the zip ({_printable(bad[0])[:80]!r}); "
                         "no Canvas or Gradescope export has one")
            return []
        dest = scratch / f"{_safe(path.stem)[:40]}-{hashlib.sha1(os.fsencode(os.path.abspath(path))).hexdigest()[:8]}"
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        at: dict[PurePosixPath, Path] = {}
        why: dict[PurePosixPath, str] = {}
        total = 0
        wanted = {r for r in kept if r.name.lower().endswith(CANDIDATE) or r.name in (METADATA, TIMESTAMP)}
        for index, ((name, info), rel) in enumerate(zip(named, rels)):
            if rel not in wanted or rel in at:
                continue
            cap = (MAX_METADATA if rel.name in (METADATA, TIMESTAMP)
                   else MAX_INNER_ZIP if rel.name.lower().endswith(".zip") else MAX_NOTEBOOK)
            if stat.S_ISLNK(info.external_attr >> 16):
                why[rel] = "a symbolic link"
                continue
            try:
                with zf.open(info) as f:
                    data = f.read(cap + 1)  # the header's size may lie; the read is capped
            except (zipfile.BadZipFile, RuntimeError, OSError, EOFError, NotImplementedError, ValueError) as err:
                why[rel] = f"unreadable in the zip ({type(err).__name__})"
                continue
            if len(data) > cap:
                why[rel] = f"over {cap // 2**20} MiB"
                continue
            total += len(data)
            if total > MAX_EXPORT_EXTRACTED:
                why[rel] = f"the zip expands past {MAX_EXPORT_EXTRACTED // 2**30} GiB: a zip bomb?"
                continue
            target = dest / str(index) / _safe(rel.name)
            target.parent.mkdir()
            target.write_bytes(data)
            at[rel] = target
        if why:
            notes.append(f"{arg}: left out {len(why)} files: " + "; ".join(
                f"{_label(r.name)!r} ({w})" for r, w in list(why.items())[:3]) + (" ..." if len(why) > 3 else ""))
        if _gradescope_base(kept) is not None:
            if _gradescope_base(list(at)) is None:
                meta = _gradescope_meta(kept)
                notes.append(f"{arg}: {METADATA} could not be read ({why.get(meta, '?') if meta else '?'})")
                return []
            return _gradescope(arg, kept, at, notes, why)
        return _canvas(arg, kept, at, notes, why)


# -- choosing ---------------------------------------------------------------------------------------

def _latest(units: list[_Unit], assignment: str | None) -> list[Collected]:
    """One notebook per unit, then the latest unit of each student (per member, for groups)."""
    chosen: list[tuple[_Unit, tuple[str, Path] | None, list[str]]] = []
    for unit in units:
        notes = list(unit.notes)
        if not unit.files:
            notes.append("no notebook (.ipynb) or otter zip in this submission")
            chosen.append((unit, None, notes))
            continue
        best, others = _pick(unit.files, assignment)
        if others:
            notes.append(f"graded {_label(best[0])}; left out {len(others)} other file{'s' if len(others) != 1 else ''}: "
                         + ", ".join(_label(o) for o in others[:3]) + (" ..." if len(others) > 3 else ""))
        chosen.append((unit, best, notes))
    # the latest of each student (each member of a group): by time, then by order in the input
    def who(unit: _Unit, m: Member) -> tuple:
        return (*unit.identity, m.id or m.name)

    ranked = [not u.identity or u.identity[0] == "key" for u, _, _ in chosen]  # plain files: all kept
    latest: dict[tuple, int] = {}
    for i, (unit, _, _) in enumerate(chosen):
        if ranked[i]:
            continue
        for m in unit.members:
            j = latest.get(who(unit, m))
            if j is None or _later(unit, chosen[j][0]):
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
                             + ", ".join(_label(s[1][0] if s[1] else s[0].key_base, 2) for s in superseded[:3]))
            if len(keep) < len(members):
                notes.append("a later submission stands for "
                             + ", ".join(_printable(m.name) for m in members if m not in keep))
            members = keep
        student = " & ".join(_printable(m.name) for m in members)
        path = picked[1] if picked else Path(unit.key_base)
        key = _printable(picked[0] if picked else unit.key_base)
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


def _later(a: _Unit, b: _Unit) -> bool:
    ta, tb = _utc(a.submitted_at), _utc(b.submitted_at)
    if ta is not None and tb is not None:
        return ta > tb
    return ta is not None and tb is None


def _utc(when: datetime | None) -> float | None:
    if when is None:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).timestamp()


def _pick(files: list[tuple[str, Path, tuple]], assignment: str | None) -> tuple[tuple[str, Path], list[str]]:
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
        stem = _stem(PurePosixPath(label.replace(os.sep, "/")).name)
        again = RESUBMITTED.match(stem)
        base = again["stem"] if again else stem
        named = assignment is not None and (stem == assignment or base == assignment or base.endswith(f"_{assignment}"))
        return (names_it, named, order, label)

    ranked = sorted(files, key=rank, reverse=True)
    return (ranked[0][0], ranked[0][1]), [f[0] for f in ranked[1:]]


# -- small helpers ---------------------------------------------------------------------------------

def _natural(s: str) -> list:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", s)]


def _stem(name: str) -> str:
    for ext in CANDIDATE:
        if name.lower().endswith(ext):
            return name[: -len(ext)]
    return PurePosixPath(name).stem


def _label(key: str, parts: int = 1) -> str:
    """The last `parts` components of a key, for a note."""
    return _printable("/".join(PurePosixPath(key.replace(os.sep, "/")).parts[-parts:]))


def _safe(name: str) -> str:
    """A file name of our own for an extracted member: its base name in safe characters."""
    cleaned = "".join(c if c.isalnum() or c in "._-" else "_" for c in name).strip("._") or "file"
    return cleaned[-100:]


def _printable(text: str) -> str:
    """`text` without control characters (a name may carry terminal escapes or bidi overrides)."""
    return "".join("?" if (ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or 0x202A <= ord(c) <= 0x202E
                           or 0x2066 <= ord(c) <= 0x2069) else c for c in text)


def _text(value: object) -> str:
    return "" if value is None else _printable(str(value)).strip()[:200]


def _read_small(path: Path) -> str:
    with open(path, "rb") as f:
        return f.read(4096).decode("utf-8", "replace")


def _as_datetime(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        return _nbgrader_time(value.replace(" Z", " UTC"))
    return None
