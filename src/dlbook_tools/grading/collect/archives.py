"""Reading a class export from a zip without trusting it."""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import stat
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from dlbook_tools.grading.collect.layouts import (
    from_canvas,
    from_gradescope,
    gradescope_base,
    gradescope_meta,
    is_canvas,
)
from dlbook_tools.grading.collect.units import (
    CANDIDATE,
    MAX_EXPORT_EXTRACTED,
    MAX_EXPORT_MEMBERS,
    MAX_INNER_ZIP,
    MAX_METADATA,
    MAX_NOTEBOOK,
    METADATA,
    TIMESTAMP,
    Member,
    Unit,
    label_of,
    printable,
    safe_name,
)
from dlbook_tools.grading.submissions import SKIP_DIRS

# -- archives --------------------------------------------------------------------------------------

_scratch_root: Path | None = None


def scratch_dir(scratch: Path | None) -> Path:
    global _scratch_root
    if scratch is not None:
        return scratch
    if _scratch_root is None:
        _scratch_root = Path(tempfile.mkdtemp(prefix="dlbook-collect-"))
        atexit.register(shutil.rmtree, _scratch_root, True)
    return _scratch_root


def member_name(info: zipfile.ZipInfo) -> str:
    name = info.filename
    if not info.flag_bits & 0x800:  # not flagged UTF-8: cp437 by the standard, UTF-8 in practice
        try:
            name = name.encode("cp437").decode("utf-8")
        except UnicodeError:
            pass
    return name.replace("\\", "/")


def is_unsafe(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return name.startswith("/") or ".." in parts or (bool(parts) and ":" in parts[0])


def from_zip(arg: str, path: Path, assignment: str | None, scratch: Path, notes: list[str]) -> list[Unit]:
    single = [Unit("folder", (Member(path.stem),), [(arg, path, ())], arg, identity=("key", arg))]
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return single  # load() gives the row its reason
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_EXPORT_MEMBERS:
            notes.append(f"{arg}: {len(infos)} files in the zip (limit {MAX_EXPORT_MEMBERS}); graded as one submission")
            return single
        named = [(member_name(i), i) for i in infos if not i.is_dir()]
        rels = [PurePosixPath(n) for n, _ in named]
        kept = [r for r in rels if not any(p in SKIP_DIRS or p.startswith(".") for p in r.parts)]
        top = [r for r in kept if len(r.parts) == 1]
        if gradescope_base(kept) is None and not is_canvas(top):
            return single  # an otter-exported zip (or not a class export): one submission
        bad = [n for n, _ in named if is_unsafe(n)]
        if bad:
            notes.append(f"{arg}: refused: unsafe path in the zip ({printable(bad[0])[:80]!r}); "
                         "no Canvas or Gradescope export has one")
            return []
        dest = scratch / f"{safe_name(path.stem)[:40]}-{hashlib.sha1(os.fsencode(os.path.abspath(path))).hexdigest()[:8]}"
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
            target = dest / str(index) / safe_name(rel.name)
            target.parent.mkdir()
            target.write_bytes(data)
            at[rel] = target
        if why:
            notes.append(f"{arg}: left out {len(why)} files: " + "; ".join(
                f"{label_of(r.name)!r} ({w})" for r, w in list(why.items())[:3]) + (" ..." if len(why) > 3 else ""))
        if gradescope_base(kept) is not None:
            if gradescope_base(list(at)) is None:
                meta = gradescope_meta(kept)
                notes.append(f"{arg}: {METADATA} could not be read ({why.get(meta, '?') if meta else '?'})")
                return []
            return from_gradescope(arg, kept, at, notes, why)
        return from_canvas(arg, kept, at, notes, why)


