"""The job's side of the preloaded process (:mod:`buig_analyse.warm`): hand a rule's script to it.

A rule script hands itself over in its first line, written by Snakemake's process before
Snakemake's own preamble (:func:`buig_analyse.main_process.scripts_handed_over_first`): the job's
process then imports only this module and the standard library, not Snakemake, whose preamble
import (to unpickle the job's ``snakemake`` object) took 0,1 s of every job (issue 12). The fork
of the preloaded process runs the whole script file, the preamble included, where Snakemake is
loaded already. A script whose first line is not this one (another Snakemake, a script run
directly) hands itself over in ``warm.run_in_worker(snakemake)``, after the preamble.

Only the standard library's os, sys, socket, struct and json are imported here: every job pays
for what this module imports.
"""

from __future__ import annotations

import json
import os
import socket
import struct
import sys

SOCKET_ENV = "BUIG_VOORGELADEN_SOCKET"
HEADER = struct.Struct("!I")
RUN_HERE = b"zelf\n"  # the answer that lets the job's own process run the script

# What a hand-over in this process came to: None (not tried, or no preloaded process to take
# it), RUN_HERE_OUTCOME (the preloaded process could not fork: run the script here) or
# BROKEN_OUTCOME (it stopped while the fork ran the job). run_in_worker reads it, so a job is
# handed over at most once and a broken hand-over is reported with the job's drop.
RUN_HERE_OUTCOME = "zelf"
BROKEN_OUTCOME = "gestopt"
outcome: str | None = None
in_worker = False  # True in a fork of the preloaded process while it runs a job's script


def hand_over(script: str) -> None:
    """Run ``script`` (this job's script file) in the preloaded process named by ``SOCKET_ENV``
    and exit with its exit code. Return, and let the script go on in this process, when there is
    none to run it (no socket, not listening, another user's process), when it cannot fork now,
    or when it stopped during the job (``outcome`` says which); inside the fork it returns at
    once."""
    global outcome
    if in_worker or outcome is not None:
        return
    path = os.environ.get(SOCKET_ENV)
    if not path:
        return
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        client.connect(path)
        same_user(client)  # never hand the job's streams to another user's process
    except OSError:  # not listening (yet, or any more), or not ours: run here
        client.close()
        return
    request = json.dumps(
        {"script": script, "cwd": os.getcwd(), "argv": sys.argv, "env": dict(os.environ)}
    ).encode()
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        socket.send_fds(client, [HEADER.pack(len(request))], [0, 1, 2])
        client.sendall(request)
        answer = b""
        while not answer.endswith(b"\n"):
            chunk = client.recv(64)
            if not chunk:
                break
            answer += chunk
    except OSError:
        answer = b""
    except KeyboardInterrupt:  # Ctrl-C: the fork ends with this connection; no traceback
        os._exit(130)
    finally:
        client.close()
    if answer == RUN_HERE:  # it could not start a fork: the script goes on in this process
        outcome = RUN_HERE_OUTCOME
        return
    if not answer.endswith(b"\n") or not answer.strip().isdigit():
        outcome = BROKEN_OUTCOME
        return
    os._exit(int(answer))


def same_user(connection: socket.socket) -> None:
    """Raise OSError unless the process at the other end of ``connection`` is of this user."""
    creds = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    if struct.unpack("3i", creds)[1] != os.getuid():
        raise OSError("another user's process")
