"""The preloaded process (*voorgeladen proces*): one process per local workflow run that imports
the heavy libraries once (pandas, pandera, openpyxl, matplotlib, WeasyPrint, ...) and runs every
rule's script as a fork of itself, so a job no longer spends 0,1-0,9 s importing them (issue 12:
a drop's jobs paid about 3 CPU-seconds of imports, most of a national run's overhead).

Snakemake stays the engine: it schedules the jobs, starts each rule's script as a process of its
own and reads the exit code. The script's first line, written by Snakemake's process before its
preamble (:mod:`buig_analyse.handover`), or else its first statement, ``run_in_worker(snakemake)``,
hands the script to the preloaded process when one is listening: that process forks, the fork takes
the job's standard input, output and error, working folder, environment and arguments, runs the
same script file (Snakemake's preamble included) and exits; the exit code goes back to the job's
own process, which exits with it. When no preloaded process listens (a cluster node, a test that
runs a script directly, the process still importing or gone) the script simply goes on in its
own process: the same code, only the imports are paid again. The outputs are the same bytes
either way (tests/e2e/test_reproducible_runs.py compares both).

Life cycle: ``buig-run`` (``make report``) calls :func:`start` before it starts Snakemake, for a
local run with jobs, so the process imports during Snakemake's own start; a run started with
Snakemake directly gets one from the workflow's ``onstart`` when at least two jobs wait for others
(``BUIG_VOORLADEN=nee`` switches both off). The process listens from its start, takes jobs once
its first stage is imported (:func:`stages`; a job that comes earlier waits in the socket's queue)
and imports the rest between jobs, so a job waits at most for one import; it holds the rest while
a job is expected (the first, the next after one ended), while one waits to be taken and while
the report renders and just after (:func:`import_pause`). Whoever
started it calls :func:`stop` after the run; it also ends by itself when the process that started
it is gone. A job whose own process is killed (a
cancelled run) has its fork killed too. Only processes of the same user may connect (the socket
lies in a private folder and the peer's uid is checked).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path

from buig_analyse import handover

SOCKET_ENV = handover.SOCKET_ENV

# Imported once by the preloaded process, stage by stage. The validation and the analyses need the
# data stage: libraries first (buig_analyse.lazy then hands out the loaded pandas rather than a
# lazy stand-in), then the project's modules. The report needs the report stage (no pandas), the
# charts the chart stage. The process listens once its first stage is in and takes jobs between the
# imports of the rest: a job that comes early imports the remainder itself, as it would without
# the preloaded process.
DATA_STAGE = (
    "pandas",
    "pyarrow.parquet",
    "pyarrow.dataset",  # what pandas.read_parquet imports on its first call
    "pandera.pandas",
    "openpyxl",
    "jsonschema",
    "yaml",
    "babel.numbers",
    "snakemake.script",
    "buig_analyse.runner",
    "buig_analyse.io",
    "buig_analyse.ingest.validate",
    "buig_analyse.analysis.chapters",
    "buig_analyse.analysis.controles",
    "buig_analyse.publish",
)
CHART_STAGE = (
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "matplotlib.backends.backend_svg",
    "buig_analyse.report.charts:warm_up",  # the chart font and text caches
)
REPORT_STAGE = (
    "snakemake.script",
    "buig_analyse.runner",
    "buig_analyse.io",
    "babel.numbers",
    "jinja2",
    "markdown_it",
    "buig_analyse.report.pdf:warm_up",  # WeasyPrint: fontconfig, Pango's fonts, Dutch hyphenation
    "buig_analyse.report.render:warm_up",  # the environment Herkomst lists
    "buig_analyse.report.landelijk",
)


def stages(report_first: bool = False) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The first stage and the rest, in order. Started by the workflow (onstart), the first jobs
    to find the process are the analyses, so the data stage comes first. Started by ``buig-run``
    before Snakemake (:mod:`buig_analyse.run`), the process has Snakemake's own start (about
    0,5 s) to import its first stage, and buig-run picks it: the data stage when a drop will most
    likely be validated (``run.validation_due``), else the report stage (a narrative-only run is
    the render alone)."""
    first = REPORT_STAGE if report_first else DATA_STAGE
    later = (*DATA_STAGE, *CHART_STAGE) if report_first else (*CHART_STAGE, *REPORT_STAGE)
    rest: list[str] = []
    for name in later:
        if name not in first and name not in rest:
            rest.append(name)
    return first, tuple(rest)


PRELOAD = tuple(dict.fromkeys((*DATA_STAGE, *CHART_STAGE, *REPORT_STAGE)))
# Seconds after a render in which the rest is not imported, so the publish that follows it is
# taken at once rather than after an import; at most this long the rest waits for the first job,
# and for the next job after one ended (import_pause).
AFTER_RENDER = 1.0
FIRST_JOB_WAIT = 1.5
NEXT_JOB_WAIT = 0.15

_MAX_REQUEST = 1 << 22  # 4 MiB: a job's environment and arguments, far below


# -- the job's side ----------------------------------------------------------------------------
def run_in_worker(snakemake) -> None:
    """Run the calling rule script in the preloaded process and exit with its exit code; return
    (and let the script go on here) when there is none to run it, or inside it. A script that
    was handed over in its first line already (:mod:`buig_analyse.handover`) is not handed over
    again; when the preloaded process stopped during that job, the job ends with a Dutch message
    naming its drop."""
    if handover.outcome is None:
        main = sys.modules.get("__main__")
        script = getattr(main, "__real_file__", None)  # Snakemake's preamble sets it
        if script:
            handover.hand_over(script)
    handover.after_preamble(snakemake)


switched_off = handover.switched_off  # BUIG_VOORLADEN, read by buig-run, onstart and each job


def inherited(env: dict[str, str] | None = None) -> bool:
    """Whether ``env`` (this process's environment) names a preloaded process of this user that
    can be used: a socket in a folder of this user that no one else may enter (as :func:`start`
    makes it). A stale or foreign path counts as none, so whoever checks starts a process of its
    own, and the jobs are not sent to it."""
    import stat

    path = (os.environ if env is None else env).get(SOCKET_ENV)
    if not path:
        return False
    try:
        folder = os.stat(Path(path).parent)
        found = os.stat(path)
    except OSError:
        return False
    return (
        stat.S_ISSOCK(found.st_mode)
        and found.st_uid == folder.st_uid == os.getuid()
        and stat.S_IMODE(folder.st_mode) & 0o077 == 0
    )


# -- the workflow's side -----------------------------------------------------------------------
class Worker:
    """A started preloaded process (returned by :func:`start`, ended by :func:`stop`)."""

    def __init__(self, process, folder: Path, log) -> None:
        self.process = process
        self.folder = folder
        self.log = log


class Forked:
    """A preloaded process that is a fork of this one (:func:`start` with ``fork``), with the
    part of ``subprocess.Popen``'s interface :func:`stop` uses."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        import subprocess

        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"voorgeladen proces {self.pid}", timeout)
            time.sleep(0.01)
        return self.returncode

    def terminate(self) -> None:
        if self.poll() is None:
            os.kill(self.pid, signal.SIGTERM)

    def kill(self) -> None:
        if self.poll() is None:
            os.kill(self.pid, signal.SIGKILL)


def _serve_as_fork(path: Path, log, report_first: bool) -> None:
    """In the fork :func:`start` makes: a session of its own (as ``start_new_session``), stdin
    from /dev/null, stdout and stderr to the log, no other descriptor of the parent (its run
    lock, its pipes), then :func:`serve` for the parent; never returns."""
    try:
        os.setsid()
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        for fd in [int(name) for name in os.listdir("/proc/self/fd")]:
            if fd > 2:
                try:
                    os.close(fd)
                except OSError:  # the listing's own descriptor, closed already
                    pass
    finally:
        serve_until_stopped(path, os.getppid(), report_first)  # also after a failed set-up


def serve_until_stopped(path: Path, parent: int, report_first: bool) -> None:
    """:func:`serve`, then end the process with its exit code (0, SIGTERM's, or 1 after an error
    written to its log as the interpreter would); never returns."""
    code = 0
    try:
        serve(path, parent, report_first)
    except SystemExit as stopped:  # SIGTERM (stop) ends it this way
        code = handover.exit_code(stopped)
    except BaseException:  # noqa: BLE001 - to its log, then exit 1
        import traceback

        traceback.print_exc()
        code = 1
    exit_without_teardown(code)


def start(log_path: Path, report_first: bool = False, fork: bool = False) -> Worker:
    """Start the preloaded process for this process and let the processes it starts from now on
    (Snakemake, the jobs) find it: an environment variable with the socket's path. The stages are
    imported in the order :func:`stages` gives for ``report_first``.

    With ``fork`` (buig-run, a small process with no threads, on Linux) the preloaded process is
    a fork of this one instead of a new interpreter: it starts its imports 0,06 s sooner, on the
    path of every run (issue 12). Not for Snakemake's process (the workflow's onstart), which
    has threads by then."""
    import shutil
    import subprocess

    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed in stop()
    folder = None
    try:
        folder = Path(tempfile.mkdtemp(prefix="buig-voorgeladen-"))  # mode 0700: this user only
        path = folder / "socket"
        if fork and sys.platform.startswith("linux"):
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                _serve_as_fork(path, log, report_first)
            process = Forked(pid)
        else:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "buig_analyse.warm",
                    str(path),
                    str(os.getpid()),
                    "rapport-eerst" if report_first else "data-eerst",
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,  # a Ctrl-C reaches the jobs; their forks end with them
            )
    except BaseException:  # no room for the folder, no process, Ctrl-C: nothing is left behind
        log.close()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    os.environ[SOCKET_ENV] = str(path)
    return Worker(process, folder, log)


def stop(worker: Worker | None) -> None:
    """End the preloaded process (after the run's last job) and remove its folder."""
    if worker is None:
        return
    import shutil
    import subprocess

    os.environ.pop(SOCKET_ENV, None)
    if worker.process.poll() is None:
        # The run's jobs are over, so it is idle and ends at once on SIGTERM, also in the middle
        # of an import (a library's own clean-up, such as matplotlib's cache lock, still runs).
        worker.process.terminate()
        try:
            worker.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            worker.process.kill()
            worker.process.wait()
    worker.log.close()
    shutil.rmtree(worker.folder, ignore_errors=True)


# -- the preloaded process ---------------------------------------------------------------------
def preload(names=PRELOAD) -> None:
    """Import each module; ``module:function`` calls that function of the module (a warm-up that
    fills a library's caches, which every fork then inherits)."""
    import importlib

    for name in names:
        module, _, function = name.partition(":")
        loaded = importlib.import_module(module)
        if function:
            getattr(loaded, function)()


def serve(path: Path, parent: int, report_first: bool = False) -> None:
    """Import the first stage (:func:`stages`), listen on ``path`` and run each job's script in a
    fork (importing the rest one by one between jobs), until the process ``parent`` is gone or a
    SIGTERM arrives."""
    import gc
    import select

    stopping = []
    jobs: dict[int, tuple[socket.socket, str]] = {}  # pid of a fork -> connection, rule

    def on_sigterm(*_) -> None:
        stopping.append(True)
        if not jobs:  # idle (importing or waiting): end now, not after the import under way;
            raise SystemExit(0)  # the finally blocks on the way out still run

    signal.signal(signal.SIGTERM, on_sigterm)
    first, rest_stage = stages(report_first)
    # Listening before the first stage is imported: a job that comes meanwhile waits for it in
    # the socket's queue (it would import the same itself), and the workflow's onstart sees the
    # socket and starts no second process (it did when Snakemake's start was the quicker).
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(64)
    try:
        preload(first)
        gc.freeze()  # the forks share the imported modules' pages instead of copying them
        wake_read, wake_write = os.pipe()
        os.set_blocking(wake_read, False)
        os.set_blocking(wake_write, False)
        signal.set_wakeup_fd(wake_write)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        rest = list(rest_stage)
        rendered = -AFTER_RENDER  # when a render was last seen running
        since = time.monotonic()  # taking jobs since
        taken = ended = None  # when a job was last taken, when one last ended
        while not stopping and os.getppid() == parent:
            # Import the next module, then take the jobs that came meanwhile, unless a job is
            # expected (import_pause).
            now = time.monotonic()
            pause = import_pause(now, since, taken, ended, rendered)
            # Not while a job waits to be taken either (two jobs often come together).
            if rest and not pause and not select.select([listener], [], [], 0)[0]:
                preload([rest.pop(0)])
                gc.freeze()
            timeout = min(pause, 1.0) if rest else 1.0
            conns = [conn for conn, _ in jobs.values()]
            ready, _, _ = select.select([listener, wake_read, *conns], [], [], timeout)
            running = len(jobs)
            for item in ready:
                if item is wake_read:
                    _drain(wake_read)
                elif item is listener:
                    _accept(listener, jobs, (listener.fileno(), wake_read, wake_write))
                    if len(jobs) > running:
                        taken = time.monotonic()
                else:  # the job's own process ended before its fork: the run was cancelled
                    pid = next(p for p, (conn, _) in jobs.items() if conn is item)
                    _kill(pid)
                    _reap(jobs, block=True, only=pid)
            running = len(jobs)
            # A render seen running now, just before its end is reaped: the wait after it counts
            # from its end, not from the loop's last turn, up to a select timeout (1 s) earlier,
            # which let the rest import while the publish after it ran, 0,3 s late to Snakemake.
            if any(step == "render_report" for _, step in jobs.values()):
                rendered = time.monotonic()
            _reap(jobs)
            if len(jobs) < running:
                ended = time.monotonic()
    finally:
        for pid in list(jobs):
            _kill(pid)
        _reap(jobs, block=True)
        listener.close()
        path.unlink(missing_ok=True)
        try:  # its private folder too, when the process that made it is gone (killed) and cannot
            path.parent.rmdir()
        except OSError:  # already removed by stop(), or not empty
            pass


def import_pause(
    now: float, since: float, taken: float | None, ended: float | None, rendered: float
) -> float:
    """Seconds the next import of the rest waits (0: import now). A job that comes while a module
    imports waits for that import, up to 0,3-0,4 s for Matplotlib's figure or WeasyPrint's
    warm-up (issue 12), so the imports wait when a job is expected: the first job, which comes
    at the end of Snakemake's own start and needs the first stage only (up to FIRST_JOB_WAIT
    after listening began); the next job after one ended, which Snakemake sends within about
    0,05 s (up to NEXT_JOB_WAIT after the end, unless a job was taken since); and anything while
    the report renders and just after (AFTER_RENDER: its publish comes next, and the imports
    beside the render, useless to a narrative-only run, slowed it by about 0,3 s). The modules
    are imported while jobs run, beside them."""
    waits = [rendered + AFTER_RENDER - now]
    if taken is None:
        waits.append(since + FIRST_JOB_WAIT - now)
    if ended is not None and (taken is None or ended > taken):
        waits.append(ended + NEXT_JOB_WAIT - now)
    return max(0.0, *waits)


def _step_name(script: str) -> str:
    """The rule of a Snakemake script file (.snakemake/scripts/tmpXXXX.<rule>.py)."""
    name = Path(script).name.removesuffix(".py")
    return name.split(".", 1)[1] if "." in name else name


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 512):
            pass
    except BlockingIOError:
        pass


def _accept(listener: socket.socket, jobs: dict, own_fds) -> None:
    conn, _ = listener.accept()
    fds: list[int] = []
    try:
        handover.same_user(conn)  # one peer check for both ends of the socket
        conn.settimeout(10)
        header, fds, _, _ = socket.recv_fds(conn, handover.HEADER.size, 3)
        if len(fds) != 3 or len(header) != handover.HEADER.size:
            raise OSError("incomplete request")
        (size,) = handover.HEADER.unpack(header)
        if size > _MAX_REQUEST:
            raise OSError("request too large")
        data = b""
        while len(data) < size:
            chunk = conn.recv(min(1 << 16, size - len(data)))
            if not chunk:
                raise OSError("incomplete request")
            data += chunk
        request = json.loads(data)
        if not _well_formed(request):
            raise ValueError("not a job")
        conn.settimeout(None)
    except (OSError, ValueError):  # closed before STARTED: the job runs in its own process
        for fd in fds:
            os.close(fd)
        conn.close()
        return
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:  # no fork now (process limit, memory): the job runs in its own process
        for fd in fds:
            os.close(fd)
        try:
            conn.sendall(handover.RUN_HERE)
        except OSError:
            pass
        conn.close()
        return
    if pid == 0:  # the fork: becomes the job
        others = [other.fileno() for other, _ in jobs.values()]
        _run_job(request, fds, [*own_fds, conn.fileno(), *others])
    try:
        conn.sendall(handover.STARTED)  # from now on the job is the fork's
    except OSError:  # the job's process is gone: the loop sees the closed connection
        pass
    for fd in fds:
        os.close(fd)
    jobs[pid] = (conn, _step_name(request["script"]))


def _well_formed(request) -> bool:
    """Whether a request holds what a job needs (see handover._exchange)."""
    return (
        isinstance(request, dict)
        and request.get("protocol") == handover.PROTOCOL
        and isinstance(request.get("script"), str)
        and isinstance(request.get("cwd"), str)
        and isinstance(request.get("argv"), list)
        and all(isinstance(arg, str) for arg in request["argv"])
        and isinstance(request.get("env"), dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in request["env"].items())
    )


def _run_job(request: dict, fds: list[int], inherited: list[int]) -> None:
    """In the fork: take over the job's stdio, folder, environment and arguments and run its
    script; never returns."""
    code = 1
    try:
        signal.set_wakeup_fd(-1)
        for number in (signal.SIGCHLD, signal.SIGTERM):
            signal.signal(number, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.setpgid(0, 0)  # a group of its own: the preloaded process can end it with its children
        _die_with_parent()
        for fd in inherited:
            try:
                os.close(fd)
            except OSError:
                pass
        for number, fd in enumerate(fds):
            os.dup2(fd, number)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        time.tzset()  # the job's TZ, as a new interpreter would read it
        sys.argv = list(request["argv"])
        handover.in_worker = True
        import runpy

        try:
            runpy.run_path(request["script"], run_name="__main__")
            code = 0
        except SystemExit as exc:
            code = handover.exit_code(exc)
    except BaseException:  # noqa: BLE001 - reported as the interpreter would, then exit 1
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        handover.flushed_exit(code)


def _die_with_parent() -> None:
    """Linux: end this fork when the preloaded process ends (even by SIGKILL)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass


def _kill(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _reap(jobs: dict, block: bool = False, only: int = -1) -> None:
    while jobs:
        try:
            pid, status = os.waitpid(only, 0 if block else os.WNOHANG)
        except ChildProcessError:
            jobs.clear()
            return
        if pid == 0:
            return
        job = jobs.pop(pid, None)
        if job is None:
            continue
        conn, step = job
        code = os.waitstatus_to_exitcode(status)
        print(f"stap {step}: proces {pid}, afgesloten met code {code}", flush=True)
        try:
            conn.sendall(f"{code if code >= 0 else 128 - code}\n".encode())
        except OSError:
            pass
        conn.close()
        if only != -1:
            return


def exit_without_teardown(code: int) -> None:
    """End the preloaded process after :func:`serve`: the libraries' exit handlers run (atexit),
    the streams are flushed, and then the process ends without the interpreter's teardown of
    pandas, matplotlib and WeasyPrint module by module, which took 0,07 s at the end of every run
    that had a preloaded process (issue 12); the system frees the memory either way."""
    import atexit

    try:
        run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
        if run_exit_handlers is not None:
            run_exit_handlers()
    finally:
        handover.flushed_exit(code)


if __name__ == "__main__":
    # Serve from the module under its own name (one copy of its state).
    from buig_analyse import warm

    warm.serve_until_stopped(
        Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:4] == ["rapport-eerst"]
    )
