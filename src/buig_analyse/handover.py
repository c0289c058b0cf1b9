"""The job's side of the preloaded process (:mod:`buig_analyse.warm`): hand a rule's script to it.

While a preloaded process is announced, Snakemake's process writes two lines into every Python
script file (:func:`buig_analyse.main_process.scripts_handed_over_first`): :data:`FIRST_LINE`
before Snakemake's own preamble, which hands the script over, and :data:`AFTER_PREAMBLE` right
after it, which ends the job when that hand-over broke off. The job's process then imports only
this module (and the package's ``__init__``), which uses only C modules of the standard library
(no enum, re, json or pathlib), not Snakemake, whose preamble
(to unpickle the job's ``snakemake`` object) took 0,1 s of every job (issue 12). The fork of the
preloaded process runs the whole script file, the preamble included, where Snakemake is loaded
already and both lines do nothing. A script file without these lines (a script run directly, a
job in a container, a conda environment or environment modules, another Snakemake) hands itself
over in ``warm.run_in_worker(snakemake)``, the rule scripts' first statement.

The answers of the preloaded process: :data:`STARTED` once it has forked the job, then the exit
code and a newline; or :data:`RUN_HERE` when it could not take the job (no fork now). When the
connection ends before a word (a request it refused, such as one of another :data:`PROTOCOL`), no
fork ran, and the script goes on in the job's own process; when it ends after :data:`STARTED`, or
the answer is not one of these, the fork may have run part of the job, so the job ends with a
Dutch message (exit code 2) and is not run a second time.
"""

from __future__ import annotations

import os
import sys

# The C modules behind socket and json: the job's process imports no enum, re or selectors,
# 0,02 s of every job before its hand-over (issue 12).
try:
    import _socket as _sockets
except ImportError:  # pragma: no cover - an interpreter without it
    import socket as _sockets
try:
    from _json import encode_basestring_ascii as _json_string
except ImportError:  # pragma: no cover - an interpreter without it
    from json import dumps as _json_string

SOCKET_ENV = "BUIG_VOORGELADEN_SOCKET"
SWITCH_ENV = "BUIG_VOORLADEN"  # nee, 0 or false switches the preloaded process off


class _Header:
    """The request's length in front of it: four bytes, network order (struct's ``!I``)."""

    size = 4

    @staticmethod
    def pack(length: int) -> bytes:
        return length.to_bytes(4, "big")

    @staticmethod
    def unpack(data: bytes) -> tuple[int]:
        return (int.from_bytes(data, "big"),)


HEADER = _Header()
# The version of the exchange below: a preloaded process takes only jobs of its own version (one
# of another version, say during an upgrade, runs in its own process).
PROTOCOL = 2
STARTED = b"+"  # the job runs in a fork; its exit code follows
RUN_HERE = b"zelf\n"  # the answer that lets the job's own process run the script

# The lines Snakemake's process writes into a script file (one line each, so the script's own
# line numbers move by two only).
FIRST_LINE = "import buig_analyse.handover as _buig; _buig.hand_over(__file__); del _buig\n"
AFTER_PREAMBLE = (
    "import buig_analyse.handover as _buig; _buig.after_preamble(snakemake); del _buig\n"
)

# What a hand-over in this process came to: None (not tried, or no preloaded process to take
# it), RUN_HERE_OUTCOME (it did not fork the job: run the script here) or BROKEN_OUTCOME (it
# stopped while the fork ran the job). A job is handed over at most once, and a broken hand-over
# is reported with the job's drop.
RUN_HERE_OUTCOME = "zelf"
BROKEN_OUTCOME = "gestopt"
outcome: str | None = None
in_worker = False  # True in a fork of the preloaded process while it runs a job's script


def switched_off(env: dict[str, str] | None = None) -> bool:
    """Whether ``BUIG_VOORLADEN`` (nee, 0, false) switches the preloaded process off."""
    value = (os.environ if env is None else env).get(SWITCH_ENV, "ja")
    return value.lower() in ("nee", "0", "false")


def hand_over(script: str) -> None:
    """Run ``script`` (this job's script file) in the preloaded process named by ``SOCKET_ENV``
    and exit with its exit code. Return, and let the script go on in this process, when there is
    none to run it (no socket, not listening, another user's process, switched off), when it did
    not fork the job, or when it stopped during the job (``outcome`` says which); inside the fork
    it returns at once. Ctrl-C ends the job with exit code 130, without a traceback."""
    global outcome
    if in_worker or outcome is not None:
        return
    path = os.environ.get(SOCKET_ENV)
    if not path or switched_off():
        return
    try:
        answer = _exchange(path, script)
    except KeyboardInterrupt:  # Ctrl-C: a fork ends with this connection
        os._exit(130)
    if answer is None:  # nothing was handed over
        return
    if answer in (b"", RUN_HERE):  # closed before a fork ran, or told to run here
        outcome = RUN_HERE_OUTCOME
        return
    code = answer[len(STARTED) :]
    if not answer.startswith(STARTED) or not code.endswith(b"\n") or not code.strip().isdigit():
        # Broken off after the fork started, or an answer this version does not know (a
        # preloaded process of another version): the job may have run, so not again here.
        outcome = BROKEN_OUTCOME
        return
    os._exit(int(code))


def _exchange(path: str, script: str) -> bytes | None:
    """Send the job to the preloaded process at ``path`` and return its answers (see the
    module's docstring); None when it could not be reached or the job could not be sent."""
    client = _sockets.socket(_sockets.AF_UNIX, _sockets.SOCK_STREAM)
    try:
        try:
            client.connect(path)
            same_user(client)  # never hand the job's streams to another user's process
            request = json_text(
                {
                    "protocol": PROTOCOL,
                    "script": script,
                    "cwd": os.getcwd(),
                    "argv": sys.argv,
                    "env": dict(os.environ),
                }
            ).encode()
            sys.stdout.flush()
            sys.stderr.flush()
            _send_with_fds(client, HEADER.pack(len(request)), [0, 1, 2])
            client.sendall(request)
        except OSError:  # not listening (yet, or any more), not ours, or gone before the job
            return None  # was whole: no fork runs it
        answer = b""
        try:
            while not answer.endswith(b"\n"):
                chunk = client.recv(64)
                if not chunk:
                    break
                answer += chunk
        except OSError:
            pass
        return answer
    finally:
        client.close()


def after_preamble(snakemake) -> None:
    """Right after Snakemake's preamble: end the job with a Dutch message naming its drop when
    the preloaded process stopped while its fork ran the job (see :func:`hand_over`), so the job
    is not run a second time in its own process, whatever the script does first."""
    if outcome != BROKEN_OUTCOME:
        return
    from buig_analyse.runner import drop_label

    print(
        f"{drop_label(snakemake)}: FOUT het voorgeladen proces is tijdens stap "
        f"'{getattr(snakemake, 'rule', '?')}' gestopt; start de run opnieuw (zonder "
        f"voorgeladen proces: {SWITCH_ENV}=nee make report)",
        file=sys.stderr,
    )
    flushed_exit(2)


def flushed_exit(code: int) -> None:
    """End this process at once with ``code``, after writing what its streams still hold (no
    interpreter teardown: what the process made is freed by the system)."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def exit_code(stopped: SystemExit) -> int:
    """The exit code the interpreter gives for ``stopped``: its number, 0 for none, or 1 for any
    other value, which it prints to standard error."""
    if stopped.code is None or isinstance(stopped.code, int):
        return stopped.code or 0
    print(stopped.code, file=sys.stderr)
    return 1


def same_user(connection) -> None:
    """Raise OSError unless the process at the other end of ``connection`` (a socket) is of this
    user (its credentials: pid, uid and gid, each a C int)."""
    creds = connection.getsockopt(_sockets.SOL_SOCKET, _sockets.SO_PEERCRED, 12)
    if int.from_bytes(creds[4:8], sys.byteorder) != os.getuid():
        raise OSError("another user's process")


def _send_with_fds(connection, data: bytes, fds: list[int]) -> None:
    """``data`` with the file descriptors ``fds`` (socket.send_fds)."""
    import array

    rights = [(_sockets.SOL_SOCKET, _sockets.SCM_RIGHTS, array.array("i", fds))]
    connection.sendmsg([data], rights)


def json_text(value) -> str:
    """``value`` (str, int, list and dict of those) as json.dumps writes it, with its defaults
    (ASCII, ``", "`` and ``": "``), without importing json."""
    if isinstance(value, str):
        return _json_string(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(json_text(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_json_string(k)}: {json_text(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"not in a request: {type(value).__name__}")
