"""The book's build: a step of the tooling, not of the site generator.

``build_book`` (build.py) turns the sources into files under ``build/book/`` and returns
the list of what the site must serve; the mkdocs hook (``hooks/book.py``) only hands that
list to mkdocs. The steps, one module each:

- labs.py      execute ``docs/labs/*.py``: the cache, the parallel runs, the timings
- execute.py   one lab in one kernel (nbclient), and the error an author reads when it fails
- figures.py   export every image a lab draws; ``figure:<name>`` tags give stable names
- downloads.py the exercise sets' student notebooks and zips
- mathjax.py   the MathJax files the pages load, from the installed package
- files.py     atomic writes that leave unchanged files alone

``dlbook book build`` runs the same step alone and prints what each lab cost.
"""
