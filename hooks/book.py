"""MkDocs adapter over the book build (``dlbook_tools.book``): mkdocs only serves what it wrote.

All the logic (lab execution and cache, figures, downloads, MathJax) is in the tooling,
tested there and runnable alone as ``dlbook book build``; this file hands its output to
mkdocs, so another site generator needs only another adapter.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from dlbook_tools.book.build import build_book
from dlbook_tools.errors import UserError

log = logging.getLogger("mkdocs.hooks.book")


@event_priority(100)  # before mkdocs-jupyter wraps the notebooks it finds
def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config["config_file_path"]).resolve().parent
    try:
        book = build_book(root, docs=Path(config["docs_dir"]), log=log.info)
    except UserError as err:
        raise PluginError(str(err)) from None
    for f in [f for f in files if f.src_uri in book.consumed]:
        files.remove(f)  # the lab's source: the site shows its executed notebook instead
    for uri, _ in book.labs:
        # A File with a real src_dir (not File.generated): mkdocs-jupyter reads src_dir + src_uri.
        files.append(File(uri, src_dir=str(book.out), dest_dir=config["site_dir"],
                          use_directory_urls=config["use_directory_urls"]))
    for uri, path in book.static:
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files
