"""`dlbook grade`: grade a folder of submissions against an otter autograder, safely.

Student code is hostile, so it never runs where scores are kept. Each submission's
notebook runs in a sandboxed worker process; the trusted grader loads the hidden otter
tests itself and runs them in its own process, with real numpy, and with proxies for the
student's functions: a call crosses a pipe as plain data (JSON, arrays as raw bytes, never
pickle), the worker computes, and the answer comes back as plain data to be checked by
the trusted test. The worker never sees a test or an expected value.

The modules, from the command down:

- :mod:`~dlbook_tools.grading.run`: the run: submissions in parallel grader processes,
  crash-safe and resumable, with progress and the closing summary.
- :mod:`~dlbook_tools.grading.assignment`: ASSIGNMENT resolved (a set's name or an
  autograder zip; :func:`~dlbook_tools.grading.assignment.resolve_assignment`), its otter
  tests and the limits sized for it.
- :mod:`~dlbook_tools.grading.limits`: every limit and every number derived from one.
- :mod:`~dlbook_tools.grading.submissions`: finding submissions, and reading notebooks and
  zips without trusting them (through :mod:`dlbook_tools.notebooks`).
- :mod:`~dlbook_tools.grading.session`: one submission graded: the conversation with its
  worker, and each test case run on it.
- :mod:`~dlbook_tools.grading.proxies`: what a test receives for the notebook's names
  (remote functions, safe modules, plain values) and the student's exceptions.
- :mod:`~dlbook_tools.grading.results`: the plain-data results of one submission.
- :mod:`~dlbook_tools.grading.report`: the gradebook, feedback files and summary.
- :mod:`~dlbook_tools.grading.wire`: the plain-data protocol both sides speak.
- :mod:`~dlbook_tools.grading.sandbox`: the worker process, its isolation, and finding
  what isolation works here; :mod:`~dlbook_tools.grading.bwrap`: its bubblewrap command;
  :mod:`~dlbook_tools.grading.processes`: process accounting and clean-up.
- :mod:`~dlbook_tools.grading.worker`: the untrusted side, run inside the sandbox.

Nothing here is imported by ``import dlbook``.
"""
