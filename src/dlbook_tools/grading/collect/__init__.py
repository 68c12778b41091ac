"""Submissions as classes hand them in: which student each one is, and only their latest.

:func:`collect` takes the SUBMISSION arguments of ``dlbook grade``, recognises each one's
layout from its structure alone, and yields one :class:`Collected` per submission to grade:
the notebook (or otter-exported zip) with the student the layout names, when it was
handed in, and a note on anything left out (a superseded attempt, a second notebook).
Nothing here executes or trusts a submission: names, metadata and archive members are
data, never paths to follow; a symbolic link inside a folder is skipped, not followed (a
cloned repository may hold one pointing at the solution notebook).

The layouts, each as its system publishes it (tested in tests/tools/grading/test_collect.py):

``canvas`` -- a Canvas "Download Submissions" zip, or that zip unpacked. Canvas names each
    uploaded file ``<lastfirst>[_LATE]_<user id>_<file id>_<file name>`` at the root of
    the zip (instructure/canvas-lms ``lib/content_zipper.rb``: ``get_filename`` joins the
    sortable name, ``LATE`` when late and the user id with ``_``, keeps word characters
    only, and ``add_upload_submission`` appends ``_<attachment id>_<display name>``). The
    sortable name ("Last, First") is lower-cased with everything but letters, digits and
    ``_`` removed, so ``smithjane``; with anonymous grading ``anon_<anonymous id>`` stands
    for it. The second number is the *attachment* id (not a submission id); attachment ids
    grow with each upload. Canvas renames a re-uploaded file of the same name
    ``<name>-1.<ext>``, ``-2``, ... (``Attachment.make_unique_filename``). Text and URL
    entries are ``<lastfirst>[_LATE]_<user id>_text.html`` / ``_link.html``. Student: the
    lastfirst name; ``student_id``: the Canvas user id. Of several files of one user, the
    one naming the assignment wins, then the latest upload (highest attachment id).
``gradescope`` -- a Gradescope "Export Submissions" zip (``assignment_<id>_export/``) or
    folder: ``submission_metadata.yml`` maps each ``submission_<id>`` folder to
    ``:submitters:`` (``:name:``, ``:sid:``, ``:email:``; several for a group),
    ``:created_at:`` and ``:history:`` (earlier attempts, metadata only). Only each
    submission's active attempt has files. Student: the submitters' names; ``student_id``:
    the SID (or the e-mail when the SID is blank). A student in two submissions keeps the
    later ``:created_at:``.
``github-classroom`` -- a folder of cloned assignment repositories (each with ``.git``),
    named ``<assignment prefix>-<GitHub username>`` (or ``-<team name>``) as GitHub
    Classroom names them; ``gh classroom clone student-repos`` clones them into
    ``<assignment slug>-submissions/`` (github/gh-classroom
    ``cmd/gh-classroom/clone/student-repos/student-repos.go``). The prefix is that slug
    when the folder is so named, else the longest ``-``-ended prefix all repositories
    share. Student: the username. No time stamp: git is never run on a student's
    repository (its config can run commands).
``nbgrader`` -- nbgrader's ``submitted/<student id>/<assignment id>/<notebook>.ipynb`` with
    ``timestamp.txt`` beside the notebooks (nbgrader's documented directory structure
    ``{nbgrader_step}/{student_id}/{assignment_id}/{notebook_id}.ipynb``), passed as
    ``submitted/``, as the course folder holding it, or as a folder with that shape; and
    the exchange's ``inbound/`` folder, whose entries are
    ``<student id>+<assignment id>+<timestamp>[+<random>]`` (nbgrader
    ``exchange/default/collect.py`` splits them with ``rsplit('+', 3)`` and keeps the
    latest time stamp per student, as this does). Time stamps are nbgrader's
    ``%Y-%m-%d %H:%M:%S.%f %Z``. Student: the student id. Only the folders of
    ``assignment`` are kept when it is given and present.
``folder`` -- anything else: notebooks and otter-exported zips, searched recursively; a zip
    that is none of the exports above is one submission. Every file is a submission, as
    :func:`dlbook_tools.grading.submissions.collect` has it. Student: the file's folder when
    that folder (below the argument) holds only this file, as in an LMS download with one
    folder per student; otherwise the file's stem.

Archives are read without trusting them: a member with an absolute or ``..`` path refuses
the whole archive (no system writes one); only the files needed are extracted, each under a
name of our own, capped per file and in total (the caps below, far above
:mod:`~dlbook_tools.grading.submissions`' limits for *one* submission, which still apply to
each extracted notebook or zip when it is graded).
"""


from dlbook_tools.grading.collect.core import collect
from dlbook_tools.grading.collect.units import LAYOUTS, Collected, Member

__all__ = ["LAYOUTS", "Collected", "Member", "collect"]
