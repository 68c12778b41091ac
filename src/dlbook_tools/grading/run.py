"""`dlbook grade`: many submissions, in parallel, crash-safe and resumable.

The main process finds the submissions, loads the autograder once, and hands one
submission at a time to each of ``-j`` grader processes (slots). A slot loads the
notebook, grades it with :func:`dlbook_tools.grading.questions.grade` (one sandboxed worker per
submission, one unprivileged uid per slot) and sends back plain results. The main
process writes each result as it arrives: feedback files first, then the gradebook row
(fsynced), then the run log; so an interrupted run keeps what it finished and a re-run
skips it. A slot that dies or hangs is replaced and its submission gets a row saying so.
"""

from __future__ import annotations

import collections
import multiprocessing
import multiprocessing.connection
import os
import shutil
import signal
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, TextIO

from dlbook_tools.errors import UserError
from dlbook_tools.grading import class_report, exports, regrade, report
from dlbook_tools.grading.assignment import Assignment, resolve_assignment
from dlbook_tools.grading.collect import Collected, collect
from dlbook_tools.grading.limits import SLOT_STOP_WAIT, Limits
from dlbook_tools.grading.processes import become_subreaper, kill_uid
from dlbook_tools.grading.questions import grade
from dlbook_tools.grading.results import Outcome
from dlbook_tools.grading.sandbox import Isolation, detect, refusal, slot_uid
from dlbook_tools.grading.scratch import Scratch, remove_stale
from dlbook_tools.grading.submissions import Rejected, Submission, load
from dlbook_tools.threads import cpu_cores, thread_limits


@dataclass(frozen=True)
class Settings:
    """A run's options as the instructor gave them; None is unset (a default applies:
    see :meth:`~dlbook_tools.grading.limits.Limits.choose` and :func:`default_jobs`)."""

    out: Path
    jobs: int | None = None
    timeout: float | None = None
    memory_mb: int | None = None
    force: bool = False
    unsandboxed: bool = False  # grade even where no sandbox works (rlimits only), with a warning
    canvas_assignment: str | None = None     # canvas.csv's assignment column (default: the set's name)
    canvas_assignment_id: str | None = None  # ... of this existing Canvas assignment


def grade_one(sub: Submission, assignment: Assignment, limits: Limits, isolation: Isolation,
              uid: int | None) -> Outcome:
    """One submission, start to finish; never raises."""
    start = time.monotonic()
    try:
        loaded = load(sub, assignment.name)
    except Rejected as r:
        return Outcome(status=r.status, note=r.reason, seconds=time.monotonic() - start)
    except Exception as err:  # noqa: BLE001 - an unreadable file is a row, not a crash
        return Outcome(status="invalid notebook", note=f"cannot read it ({type(err).__name__})",
                       seconds=time.monotonic() - start)
    try:
        outcome = grade(loaded.cells, loaded.notebook, loaded.name, assignment, limits, isolation, uid)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as err:  # noqa: BLE001 - a grader bug: a row that says so, and the log
        outcome = Outcome(status="grader error", note=f"internal error ({type(err).__name__}); see the log",
                          log=[safe_traceback(err)])
    if loaded.assignment is None:
        outcome.note = "; ".join(filter(None, ["no assignment name in the notebook's metadata", outcome.note]))
    outcome.seconds = time.monotonic() - start
    return outcome


def safe_traceback(err: BaseException) -> str:
    """File, line and function of each frame, without source text (which could be a test's)."""
    import traceback as tb_module

    frames = tb_module.StackSummary.extract(tb_module.walk_tb(err.__traceback__), lookup_lines=False)
    where = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames))
    return f"{type(err).__name__} at {where}"


# -- slots ------------------------------------------------------------------------------------

def _slot_main(conn: Any, index: int, source: str, limits: Limits, isolation: Isolation) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C
    become_subreaper()
    # Slots share the cores: a test's numpy or torch call gets one thread, not one per core each.
    os.environ.update(thread_limits(1))
    assignment = resolve_assignment(source)[0]
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(1)
    uid = slot_uid(index, isolation)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        key, path = task
        conn.send((key, grade_one(Submission(key, Path(path)), assignment, limits, isolation, uid)))


class Slot:
    """One grader process, fed one submission at a time over a pipe."""

    def __init__(self, ctx: Any, index: int, assignment: Assignment, limits: Limits, isolation: Isolation):
        self.ctx, self.index = ctx, index
        self.args = (str(assignment.source), limits, isolation)
        self.isolation = isolation
        self.start()

    def start(self) -> None:
        self.conn, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(target=_slot_main, args=(child, self.index, *self.args),
                                     name=f"dlbook-grade-{self.index}", daemon=True)
        self.proc.start()
        child.close()

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(SLOT_STOP_WAIT)
        uid = slot_uid(self.index, self.isolation)
        if uid is not None:
            kill_uid(uid)

    def restart(self) -> None:
        self.conn.close()
        self.start()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, BrokenPipeError):
            pass
        self.proc.join(SLOT_STOP_WAIT)
        if self.proc.is_alive():
            self.kill()


def run_pool(todo: list[Submission], assignment: Assignment, jobs: int, limits: Limits, isolation: Isolation,
             on_result: Callable[[Submission, Outcome], None], tick: Callable[[], None]) -> None:
    """Grade `todo` in `jobs` grader processes; `on_result` as each finishes, `tick` every second."""
    # Spawned, never forked: this process may hold threads (torch's, a test runner's), and a child
    # forked from a threaded process can deadlock on a lock some thread held. (forkserver would
    # leave its socket's folder behind when the run is killed.) Each slot loads the tests itself.
    ctx = multiprocessing.get_context("spawn")
    hard_limit = limits.backstop  # the session bounds itself; this is the backstop
    slots = [Slot(ctx, i, assignment, limits, isolation) for i in range(min(jobs, len(todo)))]
    pending = collections.deque(todo)
    busy: dict[Slot, tuple[Submission, float]] = {}
    try:
        while pending or busy:
            for slot in slots:
                if slot not in busy and pending:
                    sub = pending.popleft()
                    slot.conn.send((sub.key, str(sub.path)))
                    busy[slot] = (sub, time.monotonic())
            waitables = [s.conn for s in busy] + [s.proc.sentinel for s in busy]
            multiprocessing.connection.wait(waitables, timeout=1.0)
            for slot in list(busy):
                sub, started = busy[slot]
                result = None
                try:
                    if slot.conn.poll():
                        result = slot.conn.recv()
                except (EOFError, OSError):
                    result = None
                if result is not None:
                    del busy[slot]
                    on_result(sub, result[1])
                elif not slot.proc.is_alive():
                    del busy[slot]
                    code = slot.proc.exitcode
                    slot.kill()
                    on_result(sub, Outcome(status="crashed", note=f"the grader process died (exit code {code}) "
                                                                  "while grading this submission"))
                    slot.restart()
                elif time.monotonic() - started > hard_limit:
                    del busy[slot]
                    slot.kill()
                    on_result(sub, Outcome(status="timeout", note=f"grading ran past {hard_limit:g} s and was stopped"))
                    slot.restart()
            tick()
    finally:
        for slot in slots:
            if slot in busy:
                slot.kill()
            else:
                slot.stop()


# -- the command ---------------------------------------------------------------------------------

class Progress:
    """One line on stderr: done/total, counts per status, time per submission, ETA."""

    def __init__(self, total: int, stream: TextIO):
        self.total, self.stream, self.done = total, stream, 0
        self.start = time.monotonic()
        self.counts: collections.Counter = collections.Counter()
        self.tty = stream.isatty()
        self.last = ""

    def line(self) -> str:
        elapsed = time.monotonic() - self.start
        eta = ""
        if 0 < self.done < self.total:
            left = elapsed / self.done * (self.total - self.done)
            eta = f"  ETA {int(left // 60)}:{int(left % 60):02d}"
        counts = ", ".join(f"{s} {n}" for s, n in self.counts.most_common())
        filled = 20 * self.done // max(1, self.total)
        return (f"[{'#' * filled}{'.' * (20 - filled)}] {self.done:>{len(str(self.total))}}/{self.total}"
                f"  {counts}  {elapsed / max(1, self.done):.1f} s/submission{eta}")

    def finished(self, key: str, outcome: Outcome, max_score: float) -> None:
        self.done += 1
        self.counts[outcome.status] += 1
        if self.tty:
            self.tick()
        else:
            print(f"{self.line()}  | {outcome.status}: {report.fmt(outcome.score)}/{report.fmt(max_score)} "
                  f"{key} ({outcome.seconds:.1f} s)", file=self.stream, flush=True)

    def tick(self) -> None:
        if self.tty:
            text = self.line()
            self.stream.write("\r" + text.ljust(len(self.last)))
            self.stream.flush()
            self.last = text

    def close(self) -> None:
        if self.tty and self.last:
            self.stream.write("\n")
            self.stream.flush()


def grade_command(assignment_spec: str, submission_args: list[str], settings: Settings,
                  stdout: TextIO = sys.stdout, stderr: TextIO = sys.stderr) -> int:
    """`dlbook grade`: grade every submission not yet in the gradebook (or changed since, or
    graded with other tests); the exit status. Refuses without a sandbox unless --unsandboxed."""
    if not hasattr(os, "fork") and sys.platform.startswith("win"):
        raise UserError("dlbook grade runs on Linux and macOS (it needs rlimits); on Windows use WSL")
    jobs = settings.jobs if settings.jobs is not None else default_jobs()
    if jobs < 1:
        raise UserError(f"-j must be at least 1, got {jobs}")
    assignment, sized = resolve_assignment(assignment_spec)
    limits = Limits.choose(settings.timeout, settings.memory_mb, sized)
    canvas = (settings.canvas_assignment or assignment.name, settings.canvas_assignment_id)
    try:
        exports.canvas_header(*canvas)
    except ValueError as err:
        raise UserError(f"canvas.csv: {err} (--canvas-assignment, --canvas-assignment-id)") from None
    out = settings.out
    stale = remove_stale()
    folder = Scratch("run-", mode=0o711)  # every worker's host-side folder, and unpacked archives
    try:
        unpacked = folder.path / "collected"
        unpacked.mkdir(mode=0o700)  # archives' notebooks: no worker's uid may read another's
        found, notes = collect(submission_args, assignment=assignment.name, scratch=unpacked, skip=out)
        if not found:
            raise UserError("no submissions found in " + ", ".join(submission_args)
                            + " (looked for notebooks, otter zips, and Canvas, Gradescope, GitHub Classroom "
                              "and nbgrader layouts)")
        isolation = detect(limits, tmp_root=str(folder.path))
        if not isolation.bwrap and not settings.unsandboxed:
            raise UserError(refusal(isolation))
        return _grade(assignment, limits, found, notes, isolation, settings, jobs, stale, canvas,
                      stdout, stderr)
    finally:
        folder.remove()


def _grade(assignment: Assignment, limits: Limits, found: list[Collected], notes: list[str], isolation: Isolation,
           settings: Settings, jobs: int, stale: int, canvas: tuple[str, str | None], stdout: TextIO, stderr: TextIO) -> int:
    subs = [Submission(c.key, c.path) for c in found]
    student = {c.key: c.student for c in found}
    collected_note = {c.key: c.note for c in found}
    out = settings.out
    out.mkdir(parents=True, exist_ok=True)
    book = report.Gradebook(out / "grades.csv", assignment, reset=settings.force)
    state = regrade.State(out / regrade.STATE_FILE, reset=settings.force)
    for key in book.dropped:  # --force: the feedback of submissions not in this run goes too
        shutil.rmtree(out / "submissions" / report.slug(key), ignore_errors=True)
    tests = regrade.tests_hash(assignment)
    hashes = {s.key: regrade.file_hash(s.path) for s in subs}
    todo = [s for s in subs if not (s.key in book.rows and state.current(s.key, hashes[s.key], tests))]
    changed = sum(s.key in book.rows for s in todo)
    log = open(out / "grade.log", "a", encoding="utf-8")

    def say(text: str) -> None:
        log.write(f"{datetime.now().isoformat(timespec='seconds')} {text}\n")
        log.flush()

    say(f"dlbook grade {assignment.name} ({assignment.source}): {len(subs)} submissions, {len(todo)} to grade, "
        f"-j {jobs}, timeout {limits.timeout:g} s, memory {limits.memory_mb} MB")
    if stale:
        say(f"removed {stale} temporary folders left by a killed run")
    layouts = collections.Counter(c.layout for c in found)
    say("found " + ", ".join(f"{n} in {layout} layout" for layout, n in layouts.most_common()))
    for note in notes:
        print(f"dlbook grade: {note}", file=stderr)
        say(note)
    noted = [c for c in found if c.note]
    for c in noted:
        say(f"{c.key} ({c.student}): {c.note}")
    if noted:
        print(f"dlbook grade: {len(noted)} submission{'s' if len(noted) != 1 else ''} come with a note (a "
              "superseded attempt, another file left out): see their rows' note", file=stderr)
    skipped = len(subs) - len(todo)
    if skipped:
        print(f"dlbook grade: {skipped} of {len(subs)} submissions are already in {out / 'grades.csv'}, unchanged; "
              "skipping them (--force regrades)", file=stderr)
    if changed:
        print(f"dlbook grade: {changed} graded before are graded again: the notebook or the tests changed since",
              file=stderr)
    start = time.monotonic()
    interrupted = False
    finished: list[str] = []
    unsandboxed = "" if isolation.bwrap else f"UNSANDBOXED: graded without isolation ({isolation.reason})"
    if todo:
        print(f"dlbook grade: {isolation.describe()}", file=stderr, flush=True)  # once per run
        say(isolation.describe().replace("\n", " "))
        if unsandboxed:
            print(f"dlbook grade: WARNING: --unsandboxed: student code runs without a sandbox "
                  f"({isolation.reason}); every row's note says so", file=stderr, flush=True)
        progress = Progress(len(todo), stderr)

        def on_result(sub: Submission, outcome: Outcome) -> None:
            outcome.note = "; ".join(filter(None, [unsandboxed, outcome.note, collected_note[sub.key]]))
            try:
                report.write_submission_files(out, sub.key, outcome, assignment)
            except OSError as err:
                outcome.note = "; ".join(filter(None, [outcome.note, f"feedback not written: {err}"]))
            book.add(report.row(sub.key, student[sub.key], outcome, assignment))
            state.record(sub.key, hashes[sub.key], tests, outcome)
            finished.append(sub.key)
            say(f"{outcome.status}: {report.fmt(outcome.score)}/{report.fmt(assignment.max_score)} {sub.key} "
                f"({outcome.seconds:.1f} s){' — ' + outcome.note if outcome.note else ''}")
            for line in outcome.log:
                say(f"    {' '.join(line.split())[:1000]}")
            progress.finished(sub.key, outcome, assignment.max_score)

        try:
            run_pool(todo, assignment, jobs, limits, isolation, on_result, progress.tick)
        except KeyboardInterrupt:
            interrupted = True
        finally:
            progress.close()
            book.close()
            state.close(keep=set(book.rows))
    else:
        book.close()
    graded_outcomes = [(c, state.outcome(c.key)) for c in found if c.key in book.rows]
    state.close(keep=set(book.rows))
    seconds = time.monotonic() - start
    graded = len(finished)
    rows = [book.rows[s.key] for s in subs if s.key in book.rows]
    if interrupted:
        say(f"interrupted after {graded} submissions")
        print(f"dlbook grade: interrupted; {graded} graded this run are kept in {out / 'grades.csv'}; "
              "run the same command again to grade the rest", file=stderr)
        log.close()
        return 130
    pairs = [(c, o) for c, o in graded_outcomes if o is not None]
    written = exports.write_all(out, assignment.name, list(assignment.points.items()), assignment.max_score,
                                pairs, canvas)
    feedback = {c.student or c.key: f"submissions/{report.slug(c.key)}/feedback.txt" for c, _ in reversed(pairs)}
    page, text = class_report.class_report(assignment.name, list(assignment.points.items()),
                                           [(c.student or c.key, o) for c, o in pairs], feedback)
    (out / class_report.PAGE).write_text(page, encoding="utf-8")
    say(f"done: {graded} graded in {seconds:.1f} s")
    log.close()
    per = f"; {seconds / graded:.2f} s per submission" if graded else ""
    print(f"Graded {graded} submission{'s' if graded != 1 else ''} of {assignment.name} in {seconds:.1f} s "
          f"({jobs} worker{'s' if jobs != 1 else ''}{per}).", file=stdout)
    print(report.summary(rows, assignment.max_score), file=stdout)
    print(text, file=stdout)
    print(f"gradebook: {out / 'grades.csv'}   imports: {', '.join(str(p) for p in written)}\n"
          f"class report: {out / class_report.PAGE}   feedback: {out / 'submissions'}/   log: {out / 'grade.log'}",
          file=stdout)
    return 0


def default_jobs() -> int:
    """One grader process per CPU core this process may use."""
    return cpu_cores()


