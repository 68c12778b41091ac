"""The book build: every step, in order, and the list of what the site must serve.

``build_book`` writes into ``<root>/build/book/``::

    labs/<stem>.ipynb        executed labs (and <stem>.cache.json, timings.json)
    figures/<stem>/*.svg|png every image each lab drew (see figures.py)
    downloads/<set>.zip      exercise downloads (see downloads.py)

and returns a BookBuild: (site path, file) pairs that any site generator can serve. It
knows nothing of mkdocs; ``hooks/book.py`` adapts it, ``dlbook book build`` runs it alone.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from dlbook_tools.book.downloads import build_downloads
from dlbook_tools.book.figures import export_figures
from dlbook_tools.book.labs import LabRun, Log, find_labs, reference_package, run_labs, say
from dlbook_tools.book.mathjax import mathjax_files
from dlbook_tools.exercises.sets import discover

LABS = "labs"  # docs/labs/*.py become the site's labs/*.ipynb pages

Served = list[tuple[str, Path]]  # (site path, file on disk)


@dataclass(frozen=True)
class BookBuild:
    """What one build produced, as the site must serve it."""

    out: Path  # build/book: each lab notebook lies at out/<its site path>
    labs: Served  # notebooks for the site to render as pages: labs/<stem>.ipynb
    consumed: list[str]  # docs-relative sources replaced by those pages: labs/<stem>.py
    figures: Served  # figures/<stem>/<name>.<ext>
    downloads: Served  # exercises/<set>.zip and exercises/<set>.ipynb
    assets: Served  # assets/mathjax/...
    runs: list[LabRun]
    seconds: float

    @property
    def static(self) -> Served:
        """Files the site copies as they are."""
        return self.figures + self.downloads + self.assets


def build_book(root: Path, jobs: int | None = None, *, docs: Path | None = None, package: Path | None = None,
               log: Log = say) -> BookBuild:
    """Build the book's generated files for the checkout at `root`.

    `docs` defaults to ``root/docs`` (mkdocs passes its docs_dir); `package` to the
    installed reference package, the one the lab kernels import; `jobs` to the CPU cores.
    Raises UserError when a lab fails, a figure breaks its contract, or a set is not built.
    """
    start = time.perf_counter()
    docs = docs or root / "docs"
    out = root / "build" / "book"
    sources = find_labs(docs / LABS)
    runs = run_labs(sources, out / LABS, package or reference_package(), jobs, log)
    figures = [f for run, source in zip(runs, sources)
               for f in export_figures(run.notebook, _shown(source, root), out / "figures")]
    sets = discover(root / "exercises", root / "build" / "exercises").values()
    book = BookBuild(
        out=out,
        labs=[(f"{LABS}/{run.stem}.ipynb", run.notebook) for run in runs],
        consumed=[source.relative_to(docs).as_posix() for source in sources],
        figures=[(f.site_path, f.path) for f in figures],
        downloads=build_downloads(sets, out / "downloads"),
        assets=mathjax_files(),
        runs=runs,
        seconds=time.perf_counter() - start,
    )
    log(f"book: {len(book.labs)} labs, {len(book.figures)} figures, {len(book.downloads)} downloads "
        f"in {book.seconds:.1f} s")
    return book


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
