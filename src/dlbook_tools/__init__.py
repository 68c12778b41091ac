"""The tooling around the dlbook textbook: the ``dlbook`` command line, the book's build
(executing labs, exporting figures, exercise downloads), exercise build / proof /
self-check, and grading.

It is a separate top-level package from the reference package :mod:`dlbook` on
purpose: the grading worker and the self-check kernel run with numpy, torch and this
package alone, so the code the exercises ask for is never importable by a submission.
It needs :mod:`dlbook` only to find its source (the labs' cache key).

- :mod:`dlbook_tools.cli`        -- the ``dlbook`` console script
- :mod:`dlbook_tools.errors`     -- ``UserError``: a problem the user can fix, shown as one line
- :mod:`dlbook_tools.threads`    -- the cores this process may use, native threads of its children
- :mod:`dlbook_tools.book`       -- the book's build: labs, figures, downloads, MathJax
- :mod:`dlbook_tools.exercises`  -- exercise sets: discovery, build (otter assign), proof, self-check
- :mod:`dlbook_tools.grading`    -- ``dlbook grade``: sandboxed, parallel, resumable grading
"""
