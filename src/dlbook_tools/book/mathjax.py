"""MathJax, served by the site itself from the installed django-static-mathjax package.

Nothing third-party is committed and nothing is fetched from a CDN: the pages load
``assets/mathjax/tex-mml-chtml.js`` (see mkdocs.yml), copied from the package at build time.
"""

from __future__ import annotations

from pathlib import Path

from dlbook_tools.errors import UserError

SITE_DIR = "assets/mathjax"
# Parts of the distribution the pages never load (speech rule engine, unused bundles):
# leaving them out keeps the site a few megabytes lighter.
SKIP = ("sre", "node-main.js", "tex-chtml-full-speech.js")


def mathjax_dir() -> Path:
    """The ES5 build of MathJax inside the installed package."""
    try:
        import mathjax  # the django-static-mathjax distribution
    except ImportError:
        raise UserError("MathJax is missing: install the book's extras (pip install -e '.[book]')") from None
    return Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"


def mathjax_files() -> list[tuple[str, Path]]:
    """(site path, file) of every MathJax file the site serves."""
    es5 = mathjax_dir()
    return [(f"{SITE_DIR}/{path.relative_to(es5).as_posix()}", path)
            for path in sorted(es5.rglob("*"))
            if path.is_file() and path.relative_to(es5).parts[0] not in SKIP]
