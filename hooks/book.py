"""MkDocs hooks that turn the sources into the book.

1. Labs: every ``docs/labs/*.py`` (a jupytext percent notebook) is executed with
   nbclient into ``build/book/labs/<name>.ipynb`` and handed to mkdocs-jupyter as
   ``labs/<name>.ipynb``. The executed notebook is cached under a key made of the
   lab's text and every file in ``src/dlbook``, so editing the package re-executes
   the labs (mkdocs-jupyter's own cache only looks at the notebook) and an
   unchanged rebuild executes nothing. A failing cell fails the build.
2. MathJax: served from the installed ``django-static-mathjax`` package, copied into
   ``assets/mathjax/`` at build time; nothing third-party is committed, nothing is
   fetched from a CDN.
3. Exercises: the student notebook and its public tests of every set built by
   ``dlbook exercises build`` become ``exercises/<set>.zip`` and
   ``exercises/<set>.ipynb`` downloads.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import zipfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.book")

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "dlbook"
BUILD = ROOT / "build"
LAB_TIMEOUT_S = 600
# Parts of the MathJax distribution the pages never load (speech rule engine, unused bundles).
MATHJAX_SKIP = ("sre", "node-main.js", "tex-chtml-full-speech.js")


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def package_digest() -> str:
    """One hash of every source file of the package: a lab depends on all of it."""
    files = sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return _digest(*(p.relative_to(ROOT).as_posix().encode() + b"\0" + p.read_bytes() for p in files))


def execute_lab(source: Path, out_dir: Path, pkg_digest: str) -> tuple[Path, float | None]:
    """Execute one jupytext lab unless the cache holds it. Returns (notebook, seconds or None)."""
    import jupytext
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{source.stem}.ipynb"
    key_file = out_dir / f"{source.stem}.key"
    key = _digest(source.read_bytes(), pkg_digest.encode())
    if target.exists() and key_file.exists() and key_file.read_text() == key:
        return target, None

    nb = jupytext.read(source)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    client = NotebookClient(nb, timeout=LAB_TIMEOUT_S, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(source.parent)}})
    log.info("Executing lab %s ...", source.name)
    start = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as err:
        shown = source.relative_to(ROOT) if source.is_relative_to(ROOT) else source
        raise PluginError(f"Lab {shown} failed; fix the cell below and rebuild.\n{err}") from None
    seconds = time.perf_counter() - start
    nbformat.write(nb, target)
    key_file.write_text(key)
    timings = out_dir / "timings.json"
    table = json.loads(timings.read_text()) if timings.exists() else {}
    table[source.stem] = round(seconds, 2)
    timings.write_text(json.dumps(table, indent=2, sort_keys=True) + "\n")
    log.info("Executed lab %s in %.1f s", source.name, seconds)
    return target, seconds


def _file(config: MkDocsConfig, src_uri: str, abs_path: Path) -> File:
    return File.generated(config, src_uri, abs_src_path=str(abs_path))


def _labs(files: Files, config: MkDocsConfig) -> None:
    docs = Path(config["docs_dir"])
    digest = package_digest()
    for f in list(files):
        if f.src_uri.startswith("labs/") and f.src_uri.endswith(".py"):
            files.remove(f)
            source = docs / f.src_uri
            execute_lab(source, BUILD / "book" / "labs", digest)
            # A File with a real src_dir (not File.generated): mkdocs-jupyter's wrapper
            # reads the notebook through src_dir + src_uri.
            files.append(File(f.src_uri[:-3] + ".ipynb", src_dir=str(BUILD / "book"),
                              dest_dir=config["site_dir"],
                              use_directory_urls=config["use_directory_urls"]))


def _mathjax(files: Files, config: MkDocsConfig) -> None:
    try:
        import mathjax  # the django-static-mathjax distribution
    except ImportError:
        raise PluginError("MathJax is missing: install the book's extras (pip install -e '.[book]').") from None
    es5 = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
    for path in sorted(es5.rglob("*")):
        rel = path.relative_to(es5)
        if path.is_file() and rel.parts[0] not in MATHJAX_SKIP:
            files.append(_file(config, f"assets/mathjax/{rel.as_posix()}", path))


def _exercises(files: Files, config: MkDocsConfig) -> None:
    sets = sorted(p.name for p in (ROOT / "exercises").iterdir() if (p / f"{p.name}.py").is_file())
    out = BUILD / "site-downloads"
    out.mkdir(parents=True, exist_ok=True)
    for name in sets:
        student = BUILD / "exercises" / name / "student"
        notebook = student / f"{name}.ipynb"
        if not notebook.is_file():
            raise PluginError(f"Exercise set {name!r} is not built: run `dlbook exercises build` "
                              "(or `make site`) before building the book.")
        bundle = out / f"{name}.zip"
        with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(student.rglob("*")):
                if path.is_file():
                    zf.write(path, f"{name}/{path.relative_to(student).as_posix()}")
        files.append(_file(config, f"exercises/{name}.zip", bundle))
        files.append(_file(config, f"exercises/{name}.ipynb", notebook))


@event_priority(100)  # before mkdocs-jupyter wraps the notebooks it finds
def on_files(files: Files, config: MkDocsConfig) -> Files:
    _mathjax(files, config)
    _labs(files, config)
    _exercises(files, config)
    return files
