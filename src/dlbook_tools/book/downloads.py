"""The exercise downloads: each set's student notebook, alone and zipped with its folder.

For every exercise set (``dlbook_tools.exercises.sets``, the one place sets are found)
the site serves ``exercises/<set>.ipynb``, the notebook a reader fills in, and
``exercises/<set>.zip``, every file of the set's built ``student/`` folder (notebook,
public tests, and whatever else the build puts there) under a ``<set>/`` folder, so that
``dlbook check`` and ``grader.check`` work as soon as it is unzipped.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

from dlbook_tools.book.files import write_atomic
from dlbook_tools.errors import UserError
from dlbook_tools.exercises.sets import ExerciseSet

SITE_DIR = "exercises"
# A fixed date for every entry: the zip's bytes depend only on the files' contents, so an
# unchanged set is not rewritten and a download's ETag does not change for nothing.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def student_zip(ex: ExerciseSet) -> bytes:
    """The bytes of ``<set>.zip``: every file of the set's student folder, reproducibly."""
    student = ex.student_notebook.parent
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(student.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:  # bytecode, not the set's files
                info = zipfile.ZipInfo(f"{ex.name}/{path.relative_to(student).as_posix()}", ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16  # readable by all once unzipped
                zf.writestr(info, path.read_bytes())
    return buffer.getvalue()


def build_downloads(sets: Iterable[ExerciseSet], out_dir: Path) -> list[tuple[str, Path]]:
    """Write each set's zip into `out_dir`; return (site path, file) of every download."""
    served: list[tuple[str, Path]] = []
    for ex in sets:
        if not ex.student_notebook.is_file():
            raise UserError(f"exercise set {ex.name!r} is not built: run `dlbook exercises build` "
                            "(or `make site`) before building the book")
        bundle = out_dir / f"{ex.name}.zip"
        write_atomic(bundle, student_zip(ex))
        served += [(f"{SITE_DIR}/{ex.name}.zip", bundle), (f"{SITE_DIR}/{ex.name}.ipynb", ex.student_notebook)]
    return served
