"""``buig-run``: run the workflow (Snakemake with the project's profile) so that a second run in
the same folder gets a clear Dutch message instead of Snakemake's lock error, and a run that was
killed needs no manual unlock: the lock is an operating-system lock that ends with the process.

Every argument is passed to Snakemake (for example a target or ``--dry-run``).
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

LOCK = Path(".snakemake") / "buig-run.lock"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    LOCK.parent.mkdir(exist_ok=True)
    with open(LOCK, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "onbekend"
            print(
                "Er loopt al een run van buig-analyse in deze map (proces "
                f"{holder}). Wacht tot die klaar is en start dan opnieuw; er is niets gewijzigd.",
                file=sys.stderr,
            )
            return 3
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()
        # Snakemake's own lock is replaced by this one: it does not survive a killed run.
        command = [sys.executable, "-m", "snakemake", "--nolock", *args]
        return subprocess.run(command, check=False).returncode


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
