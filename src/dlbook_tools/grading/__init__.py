"""`dlbook grade`: grade a folder of submissions against an otter autograder, safely.

Student code is hostile, so it never runs where scores are kept. Each submission's
notebook runs in a sandboxed worker process (:mod:`~dlbook_tools.grading.worker`, under
bubblewrap and rlimits, see :mod:`~dlbook_tools.grading.sandbox`). The trusted grader
(:mod:`~dlbook_tools.grading.session`) loads the hidden otter tests itself and runs them in
its own process, with real numpy, and with proxies for the student's functions: a call
crosses a pipe as plain data (:mod:`~dlbook_tools.grading.wire`: JSON, arrays as raw bytes,
never pickle), the worker computes, and the answer comes back as plain data to be
checked by the trusted test. The worker never sees a test or an expected value.

:mod:`~dlbook_tools.grading.submissions` finds and validates submissions,
:mod:`~dlbook_tools.grading.report` writes the gradebook and feedback, and
:mod:`~dlbook_tools.grading.run` grades in parallel, resumably. Nothing here is imported by
``import dlbook``.
"""
