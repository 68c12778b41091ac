"""`dlbook grade`: grade a folder of submissions against an otter autograder, safely.

Student code is hostile, so it never runs where scores are kept. Each submission's
notebook runs in a sandboxed worker process; the trusted grader loads the hidden otter
tests itself and runs them in its own process, with real numpy, and with proxies for the
student's functions: a call crosses a pipe as plain data (JSON, arrays as raw bytes, never
pickle), the worker computes, and the answer comes back as plain data to be checked by
the trusted test. The worker never sees a test or an expected value.

The modules, from the command down:

- :mod:`~dlbook_tools.grading.run`: the run: submissions in parallel grader processes,
  crash-safe and resumable, with progress and the closing summary; it refuses to run
  student code without a sandbox unless ``--unsandboxed``.
- :mod:`~dlbook_tools.grading.regrade`: what the gradebook already holds, by content hash of
  each submission and of the tests, so a re-run grades only what changed.
- :mod:`~dlbook_tools.grading.scratch`: the run's temporary folders, and removing those a
  killed run left.
- :mod:`~dlbook_tools.grading.assignment`: ASSIGNMENT resolved (a set's name or an
  autograder zip; :func:`~dlbook_tools.grading.assignment.resolve_assignment`), its otter
  tests and the limits sized for it.
- :mod:`~dlbook_tools.grading.limits`: every limit and every number derived from one.
- :mod:`~dlbook_tools.grading.submissions`: finding submissions, and reading notebooks and
  zips without trusting them (through :mod:`dlbook_tools.notebooks`).
- :mod:`~dlbook_tools.grading.questions`: one submission graded, question by question: the
  public then the hidden cases, questions not answered yet, the reference package imported.
- :mod:`~dlbook_tools.grading.session`: the conversation with a submission's worker (two
  phases, each with the whole time limit, on one execution of the notebook), and what a call did to its arguments
  (:mod:`~dlbook_tools.grading.mutation`).
- :mod:`~dlbook_tools.grading.proxies`: what a test receives for the notebook's names
  (remote functions, safe modules, plain values) and the student's exceptions.
- :mod:`~dlbook_tools.grading.answers`: the rules ``dlbook check`` shares with grading (cells
  to questions, placeholders, ``import dlbook`` refused).
- :mod:`~dlbook_tools.grading.results`: the plain-data results of one submission.
- :mod:`~dlbook_tools.grading.report`: the gradebook, feedback files and summary.
- :mod:`~dlbook_tools.grading.wire`: the plain-data protocol both sides speak.
- :mod:`~dlbook_tools.grading.sandbox`: the worker process, its isolation, and finding
  what isolation works here; :mod:`~dlbook_tools.grading.bwrap`: its bubblewrap command;
  :mod:`~dlbook_tools.grading.processes`: process accounting and clean-up.
- :mod:`~dlbook_tools.grading.worker`: the untrusted side, run inside the sandbox, with
  :mod:`~dlbook_tools.grading.shell`, the IPython its notebook's magics need.

Nothing here is imported by ``import dlbook``.
"""
