"""The collected submission and the pieces every layout shares: limits, patterns, and
small text helpers for untrusted names."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path, PurePosixPath

from dlbook_tools import notebooks
from dlbook_tools.grading.submissions import MAX_ZIP_EXPANDED

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
# <lastfirst>[_LATE]_<user id>as_text.html | _link.html, or [LATE_]anon_<id>_...: text and URL entries
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
class Unit:
    """A submission before the latest of each student is chosen."""

    layout: str
    members: tuple[Member, ...]
    files: list[tuple[str, Path, tuple]]  # (label, path, order: higher is later) of notebooks/zips
    key_base: str                         # the key of a unit with no notebook
    submitted_at: datetime | None = None
    notes: list[str] = field(default_factory=list)
    group: str = ""                       # several assignments in one tree stay apart
    identity: tuple = ()                  # who this is, to find the latest of each student


# -- small helpers ---------------------------------------------------------------------------------

def natural_key(s: str) -> list:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", s)]


def stem_of(name: str) -> str:
    for ext in CANDIDATE:
        if name.lower().endswith(ext):
            return name[: -len(ext)]
    return PurePosixPath(name).stem


def label_of(key: str, parts: int = 1) -> str:
    """The last `parts` components of a key, for a note."""
    return printable("/".join(PurePosixPath(key.replace(os.sep, "/")).parts[-parts:]))


def safe_name(name: str) -> str:
    """A file name of our own for an extracted member: its base name in safe characters."""
    cleaned = "".join(c if c.isalnum() or c in "._-" else "_" for c in name).strip("._") or "file"
    return cleaned[-100:]


def printable(text: str) -> str:
    """`text` without control characters (a name may carry terminal escapes or bidi overrides)."""
    return "".join("?" if (ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or 0x202A <= ord(c) <= 0x202E
                           or 0x2066 <= ord(c) <= 0x2069) else c for c in text)


def as_text(value: object) -> str:
    return "" if value is None else printable(str(value)).strip()[:200]


def read_small(path: Path) -> str:
    with open(path, "rb") as f:
        return f.read(4096).decode("utf-8", "replace")


def as_datetime(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        return nbgrader_time(value.replace(" Z", " UTC"))
    return None


def nbgrader_time(text: str) -> datetime | None:
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
