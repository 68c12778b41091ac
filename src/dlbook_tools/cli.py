"""The `dlbook` command line: build and prove exercise sets, self-check a notebook.

Heavy imports (otter, jupytext, nbformat) happen inside the commands, so
`dlbook --help` is instant and `import dlbook` stays light.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from dlbook import __version__
from dlbook_tools.grading.limits import MIN_MEMORY_MB  # standard library only: --help stays instant

EPILOG = """\
examples:
  dlbook exercises build                 build every set into build/exercises/
  dlbook exercises prove ch02-perceptron solution full, blank zero, mutants caught
  dlbook book build                      execute changed labs, export figures and downloads
  dlbook check ch02-perceptron.ipynb     self-check a filled notebook (exit 0 = all public tests pass)
  dlbook grade ch02-perceptron submissions/ --out grades/
                                         grade a folder of submissions, isolated and in parallel
"""


def _exercises_build(args: argparse.Namespace) -> int:
    from dlbook_tools.exercises.build import build
    from dlbook_tools.exercises.sets import select

    build(select(args.sets, args.source, args.out), force=args.force)
    return 0


def _exercises_prove(args: argparse.Namespace) -> int:
    from dlbook_tools.exercises.proof import prove, report
    from dlbook_tools.exercises.sets import select

    ok = True
    for ex in select(args.sets, args.source, args.out):
        proof = prove(ex)
        print(report(proof))
        ok &= not proof.problems
    return 0 if ok else 1


def _exercises_list(args: argparse.Namespace) -> int:
    from dlbook_tools.exercises.build import is_current
    from dlbook_tools.exercises.sets import select

    for ex in select([], args.source, args.out):
        state = "built" if is_current(ex) else "not built (or stale)"
        print(f"{ex.name:<24}{len(ex.mutants()):>3} mutants   {state}")
    return 0


def _book_build(args: argparse.Namespace) -> int:
    from dlbook_tools.book.build import build_book
    from dlbook_tools.exercises.sets import project_root

    build_book(args.root or project_root(), args.jobs)  # prints each lab's seconds and the total
    return 0


def _check(args: argparse.Namespace) -> int:
    from dlbook_tools.exercises.check import check, table

    checks = check(args.notebook, args.tests, args.set,
                   log=lambda msg: print(msg, file=sys.stderr, flush=True))
    print(table(checks))
    return 0 if checks and all(c.passed == c.total for c in checks) else 1


def _grade(args: argparse.Namespace) -> int:
    from dlbook_tools.grading.run import Settings, grade_command

    # Unset flags stay None: the grader decides every default in one place (Limits.choose).
    settings = Settings(out=args.out, jobs=args.jobs, timeout=args.timeout, memory_mb=args.memory,
                        force=args.force, unsandboxed=args.unsandboxed,
                        canvas_assignment=args.canvas_assignment, canvas_assignment_id=args.canvas_assignment_id)
    return grade_command(args.assignment, args.submissions, settings)


def _fill(text: str) -> str:
    """A paragraph wrapped for --help where the epilog's examples keep their own lines."""
    import textwrap

    return textwrap.fill(text, 88)


def _positive_seconds(text: str) -> float:
    """--timeout: a positive, finite number of seconds (0 is not "no limit")."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not (value > 0 and value != float("inf")):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {text or repr(text)}")
    return value


def _at_least(least: int, what: str) -> Callable[[str], int]:
    """A whole number of at least `least` (-j, --memory)."""

    def check(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = least - 1
        if value < least:
            raise argparse.ArgumentTypeError(f"must be a whole number of {what}, at least {least}, got {text or repr(text)}")
        return value

    return check


class _Parser(argparse.ArgumentParser):
    """Errors in one line, like every other error of the command line."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="dlbook", description="The executable deep-learning textbook's command line.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"dlbook {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    ex = sub.add_parser("exercises", help="build, prove and list exercise sets (instructors, authors)")
    ex_sub = ex.add_subparsers(dest="action", required=True, metavar="ACTION", parser_class=_Parser)
    for name, func, helptext in [
        ("build", _exercises_build, "run otter assign on each set (skips sets already up to date)"),
        ("prove", _exercises_prove, "check each set's tests: solution full, blank zero, every mutant caught"),
        ("list", _exercises_list, "list the sets and whether they are built"),
    ]:
        a = ex_sub.add_parser(name, help=helptext, description=helptext)
        if name != "list":
            a.add_argument("sets", nargs="*", metavar="SET", help="set names (default: all)")
        if name == "build":
            a.add_argument("--force", action="store_true", help="rebuild even if up to date")
        a.add_argument("--source", type=Path, help="folder of set sources (default: exercises/)")
        a.add_argument("--out", type=Path, help="build folder (default: build/exercises/)")
        a.set_defaults(func=func)

    bk = sub.add_parser("book", help="build the book's generated files: labs, figures, downloads (authors)")
    bk_sub = bk.add_subparsers(dest="action", required=True, metavar="ACTION")
    helptext = ("execute the labs that changed (in parallel, cached by the lab and src/dlbook), export "
                "their figures and the exercise downloads into build/book/; print each lab's seconds")
    b = bk_sub.add_parser("build", help=helptext, description=helptext + ". `mkdocs build` runs the same step.")
    b.add_argument("-j", "--jobs", type=int, metavar="N",
                   help="labs executed at once (default: $DLBOOK_BOOK_JOBS, else CPU cores)")
    b.add_argument("--root", type=Path, metavar="DIR", help="the dlbook checkout (default: the one installed)")
    b.set_defaults(func=_book_build)

    c = sub.add_parser(
        "check", help="self-check a filled exercise notebook against its public tests",
        description="Run a filled exercise notebook and its public tests; print a per-question "
                    "table. Exit status 0 only when every public test passes.")
    c.add_argument("notebook", type=Path, metavar="NOTEBOOK", help="the .ipynb you worked in")
    c.add_argument("--tests", type=Path, help="public tests folder (default: tests/ beside the "
                                               "notebook, else the set's local build)")
    c.add_argument("--set", help="fail unless the notebook belongs to this set")
    c.set_defaults(func=_check)

    g = sub.add_parser(
        "grade", help="grade submissions against an autograder's hidden tests (instructors)",
        description=_fill("Grade student submissions with an exercise set's hidden tests. Student code runs "
                    "in a sandbox (bubblewrap and rlimits on Linux, rlimits elsewhere) and never sees "
                    "the tests; scores are computed outside it. SUBMISSION may be a folder of notebooks, "
                    "a Canvas submissions zip, a Gradescope export, a folder of GitHub Classroom "
                    "repositories or an nbgrader submitted/ tree (detected; each student's latest "
                    "submission is graded). Writes DIR/grades.csv (one row per submission, with the "
                    "student, as each finishes), DIR/canvas.csv (Canvas gradebook import), "
                    "DIR/final_grades.csv (otter's columns), DIR/class_report.html (what the class got "
                    "wrong), DIR/submissions/*/results.json (Gradescope format) and feedback.txt, and "
                    "DIR/grade.log. A re-run grades only what changed: new or changed submissions, or "
                    "all of them when the tests changed. Without bubblewrap (Linux) it refuses to run "
                    "student code unless --unsandboxed."),
        epilog="examples:\n"
               "  dlbook grade ch02-perceptron submissions.zip --out grades/       # Canvas download\n"
               "  dlbook grade ch02-perceptron assignment_123_export/ --out grades/  # Gradescope\n"
               "  dlbook grade ch02-perceptron hw2-submissions/ --out grades/ --canvas-assignment-id 4711",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    g.add_argument("assignment", metavar="ASSIGNMENT",
                   help="an exercise set name (built with `dlbook exercises build`) or an otter autograder zip")
    g.add_argument("submissions", nargs="+", metavar="SUBMISSION",
                   help="notebooks, otter-exported zips, folders searched recursively for them, or an "
                        "LMS export (Canvas zip, Gradescope export, GitHub Classroom clones, nbgrader tree)")
    g.add_argument("--out", type=Path, required=True, metavar="DIR", help="where the gradebook and feedback go")
    g.add_argument("-j", "--jobs", type=_at_least(1, "grader processes"), metavar="N",
                   help="submissions graded at once (default: CPU cores)")
    g.add_argument("--timeout", type=_positive_seconds, metavar="S",
                   help="seconds for one execution of a submission's notebook and its public tests, and "
                        "again for its hidden tests (default: sized for the set when it was built, 10x "
                        "its reference solution and at least 30; 60 for a zip built elsewhere)")
    g.add_argument("--memory", type=_at_least(MIN_MEMORY_MB, "MB"), metavar="MB",
                   help="address-space limit of a submission's process (default: sized for the set, "
                        "at least 2048)")
    g.add_argument("--force", action="store_true",
                   help="regrade every submission; the gradebook then holds exactly this run's submissions")
    g.add_argument("--unsandboxed", action="store_true",
                   help="grade even where no sandbox works (no bubblewrap): student code can then read and "
                        "write what you can and use the network; every row's note says so")
    g.add_argument("--canvas-assignment", metavar="NAME",
                   help="canvas.csv's assignment column: an existing Canvas assignment's exact title, or a "
                        "new one Canvas creates on import (default: the set's name)")
    g.add_argument("--canvas-assignment-id", metavar="ID",
                   help="grade this existing Canvas assignment (the number in its URL) on import")
    g.set_defaults(func=_grade)
    return p


def main(argv: list[str] | None = None) -> int:
    from dlbook_tools.errors import UserError

    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except UserError as err:
        print(f"dlbook: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dlbook: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
