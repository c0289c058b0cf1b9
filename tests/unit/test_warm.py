"""The preloaded process (buig_analyse.warm): a rule script handed to it runs in a fork with the
job's folder, environment, arguments and standard streams, and its exit code comes back; a
cancelled job's fork is killed; without a preloaded process the script runs in its own process.

The scripts below stand in for the ones Snakemake writes (its preamble sets ``__real_file__``)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from buig_analyse import warm

SCRIPT = """\
import os, sys
__real_file__ = __file__
from buig_analyse.warm import run_in_worker
class Job:
    rule = "proef"
    wildcards = None
run_in_worker(Job())
import buig_analyse.handover as h
print("in fork", h.in_worker, "ouder", os.getppid(), "map", os.getcwd(), "X", os.environ.get("X"),
      "argv", sys.argv[1:])
print("naar stderr", file=sys.stderr)
if os.environ.get("SLAAP"):
    open(os.environ["SLAAP"], "w").write(str(os.getpid()))
    import time; time.sleep(60)
if os.environ.get("FOUT"):
    raise RuntimeError("kapot")
sys.exit(int(os.environ.get("CODE", "0")))
"""


@pytest.fixture(scope="module")
def worker(tmp_path_factory):
    folder = tmp_path_factory.mktemp("warm")
    started = warm.start(folder / "voorgeladen_proces.log")
    socket_path = Path(os.environ[warm.SOCKET_ENV])
    deadline = time.monotonic() + 60
    while not socket_path.exists() and time.monotonic() < deadline:
        assert started.process.poll() is None, (folder / "voorgeladen_proces.log").read_text()
        time.sleep(0.05)
    assert socket_path.exists(), "het voorgeladen proces luistert niet na 60 s"
    yield started
    warm.stop(started)
    assert started.process.poll() is not None and not started.folder.exists()
    assert warm.SOCKET_ENV not in os.environ


def run(script: Path, cwd: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(script), "een", "twee"],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
    )


@pytest.fixture
def script(tmp_path) -> Path:
    path = tmp_path / "stap.py"
    path.write_text(SCRIPT, encoding="utf-8")
    return path


def test_the_script_runs_in_a_fork_with_the_jobs_folder_environment_and_streams(
    worker, script, tmp_path
):
    done = run(script, tmp_path, X="waarde")
    assert done.returncode == 0, done.stderr
    assert f"in fork True ouder {worker.process.pid} map {tmp_path} X waarde" in done.stdout
    assert "argv ['een', 'twee']" in done.stdout
    assert "naar stderr" in done.stderr


@pytest.mark.parametrize("env, code", [({"CODE": "1"}, 1), ({"CODE": "2"}, 2), ({"FOUT": "1"}, 1)])
def test_the_exit_code_comes_back(worker, script, tmp_path, env, code):
    done = run(script, tmp_path, **env)
    assert done.returncode == code
    assert "in fork True" in done.stdout
    if "FOUT" in env:
        assert "RuntimeError: kapot" in done.stderr


def test_without_a_preloaded_process_the_script_runs_in_its_own_process(script, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != warm.SOCKET_ENV}
    done = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert done.returncode == 0 and "in fork False" in done.stdout
    gone = run(script, tmp_path, **{warm.SOCKET_ENV: str(tmp_path / "geen-socket")})
    assert gone.returncode == 0 and "in fork False" in gone.stdout


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])  # Snakemake, or Ctrl-C
def test_a_cancelled_job_ends_its_fork(worker, script, tmp_path, stop):
    marker = tmp_path / "pid"
    job = subprocess.Popen(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env={**os.environ, "SLAAP": str(marker)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not marker.exists() or not marker.read_text():
        assert time.monotonic() < deadline, "de fork is niet gestart"
        time.sleep(0.05)
    fork = int(marker.read_text())
    assert fork != job.pid
    job.send_signal(stop)
    _, errors = job.communicate(timeout=10)
    assert "Traceback" not in errors
    deadline = time.monotonic() + 10
    while Path(f"/proc/{fork}").exists() and _state(fork) != "Z":
        assert time.monotonic() < deadline, "de fork leeft nog"
        time.sleep(0.05)


def test_the_preloaded_process_has_the_heavy_libraries(worker):
    """The point of it (issue 12): what the rule scripts import is loaded before the first fork."""
    libraries = ("pandas/_libs", "libarrow", "matplotlib/", "libpango")  # pandas, pyarrow,
    deadline = time.monotonic() + 60  # matplotlib, WeasyPrint (Pango through cffi)
    while True:
        maps = Path(f"/proc/{worker.process.pid}/maps").read_text()
        missing = [library for library in libraries if library not in maps]
        if not missing or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert missing == []


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0]
    except OSError:
        return "Z"


def test_without_a_fork_the_job_is_told_to_run_in_its_own_process(tmp_path, monkeypatch):
    """When the preloaded process cannot fork (a process limit, memory), the job is not lost: the
    answer tells its own process to run the script itself."""
    import json
    import socket
    import threading

    path = str(tmp_path / "s")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(1)
    answers = []

    def job():
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.connect(path)
        request = json.dumps({"script": "x.py", "cwd": "/", "argv": [], "env": {}}).encode()
        socket.send_fds(client, [warm._HEADER.pack(len(request))], [0, 1, 2])
        client.sendall(request)
        answers.append(client.recv(64))
        client.close()

    thread = threading.Thread(target=job)
    thread.start()

    def no_fork():
        raise BlockingIOError("Resource temporarily unavailable")

    monkeypatch.setattr(warm.os, "fork", no_fork)
    jobs: dict = {}
    warm._accept(listener, jobs, ())
    thread.join(timeout=10)
    listener.close()
    assert answers == [warm._RUN_HERE] and jobs == {}


def test_a_process_that_cannot_start_leaves_no_folder_and_no_open_log(tmp_path, monkeypatch):
    import subprocess as sp

    made = []
    real_mkdtemp = warm.tempfile.mkdtemp

    def mkdtemp(**kwargs):
        made.append(Path(real_mkdtemp(dir=tmp_path, **kwargs)))
        return str(made[-1])

    def no_process(*args, **kwargs):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(warm.tempfile, "mkdtemp", mkdtemp)
    monkeypatch.setattr(sp, "Popen", no_process)
    before = os.environ.get(warm.SOCKET_ENV)
    with pytest.raises(OSError):
        warm.start(tmp_path / "logs" / "voorgeladen_proces.log")
    assert made and not made[0].exists() and os.environ.get(warm.SOCKET_ENV) == before
    log = str(tmp_path / "logs" / "voorgeladen_proces.log")
    assert log not in [
        os.path.realpath(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")
    ]


# -- handed over in the script's first line (buig_analyse.handover) ------------------------------
FIRST_LINE = "import buig_analyse.handover as _buig; _buig.hand_over(__file__); del _buig\n"


def test_the_first_line_is_the_one_snakemakes_process_writes():
    from buig_analyse.main_process import HANDOVER_LINE

    assert FIRST_LINE == HANDOVER_LINE


def test_a_script_handed_over_in_its_first_line_runs_in_the_fork_without_snakemake(
    worker, tmp_path
):
    """The job's own process imports the hand-over and the standard library only: the fork runs
    the script (the stand-in preamble included), so ``run_in_worker`` finds itself in the fork."""
    path = tmp_path / "eerst.py"
    path.write_text(FIRST_LINE + SCRIPT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-X", "importtime", str(path), "een"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"in fork True ouder {worker.process.pid}" in done.stdout
    assert "argv ['een']" in done.stdout
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:")]  # fmt: skip
    assert "buig_analyse.handover" in imported
    assert not [name for name in imported if name.split(".")[0] in ("snakemake", "pandas")]
    assert "buig_analyse.warm" not in imported and "buig_analyse.runner" not in imported


def _answering_socket(tmp_path, answer: bytes | None):
    """A stand-in for the preloaded process that takes one job and answers ``answer`` (None:
    it stops without answering, as a preloaded process that was killed during the job)."""
    import socket
    import threading

    path = str(tmp_path / "socket")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(4)
    taken = []

    def serve():
        listener.settimeout(20)
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            header, fds, _, _ = socket.recv_fds(conn, warm._HEADER.size, 3)
            for fd in fds:
                os.close(fd)
            (size,) = warm._HEADER.unpack(header)
            data = b""
            while len(data) < size:
                data += conn.recv(size - len(data))
            taken.append(data)
            if answer is not None:
                conn.sendall(answer)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return path, taken, listener


@pytest.mark.parametrize("first_line", [True, False], ids=["eerste-regel", "run_in_worker"])
def test_a_preloaded_process_that_stops_during_the_job_is_reported_with_the_drop(
    tmp_path, first_line
):
    path, taken, listener = _answering_socket(tmp_path, None)
    script = tmp_path / "stap.py"
    job = SCRIPT.replace(
        "wildcards = None", 'class wildcards:\n        gemeente, jaar = "gm", "2017"'
    )
    script.write_text((FIRST_LINE if first_line else "") + job, encoding="utf-8")
    done = run(script, tmp_path, **{warm.SOCKET_ENV: path})
    listener.close()
    assert done.returncode == 2
    assert "gm/2017: FOUT het voorgeladen proces is tijdens stap 'proef' gestopt" in done.stderr
    assert "in fork" not in done.stdout and "Traceback" not in done.stderr
    assert len(taken) == 1  # handed over once, not again by run_in_worker


@pytest.mark.parametrize("first_line", [True, False], ids=["eerste-regel", "run_in_worker"])
def test_a_job_told_to_run_in_its_own_process_runs_there_once(tmp_path, first_line):
    path, taken, listener = _answering_socket(tmp_path, warm._RUN_HERE)
    script = tmp_path / "stap.py"
    script.write_text((FIRST_LINE if first_line else "") + SCRIPT, encoding="utf-8")
    done = run(script, tmp_path, **{warm.SOCKET_ENV: path, "CODE": "3"})
    listener.close()
    assert done.returncode == 3 and "in fork False" in done.stdout, done.stderr
    assert len(taken) == 1
    assert json.loads(taken[0])["script"] == str(script)


def test_the_preloaded_process_ends_with_its_exit_handlers_and_flushed_streams(tmp_path):
    """exit_without_teardown: no interpreter teardown, but the libraries' atexit handlers run
    and what is still buffered is written; the exit code is kept."""
    code = (
        "import atexit, sys\n"
        "from buig_analyse import warm\n"
        "atexit.register(lambda: print('opgeruimd', file=sys.stderr))\n"
        "sys.stdout.write('nog in de buffer')\n"
        "warm.exit_without_teardown(3)\n"
        "print('niet bereikt')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 3
    assert done.stdout == "nog in de buffer" and "opgeruimd" in done.stderr
