"""Running a rule's script: log to the rule's log file (detail) and one line to the console
(progress), and turn a data problem into a clear Dutch message and a non-zero exit (no traceback).

Use in a ``script:`` of a rule::

    with rule_step(snakemake, "budget geanalyseerd"):
        ...
"""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from buig_analyse.errors import ChecksFailed, InputValidationError, NarrativeError

DATA_PROBLEMS = (InputValidationError, NarrativeError, ChecksFailed)


def drop_label(snakemake) -> str:
    """``<gemeente>/<jaar>`` of a rule's job, or ``-``."""
    wildcards = getattr(snakemake, "wildcards", None)
    parts = [getattr(wildcards, k, None) for k in ("gemeente", "jaar")] if wildcards else []
    return "/".join(p for p in parts if p) or "-"


@contextmanager
def rule_step(snakemake, done: str, collect_garbage: bool = True) -> Iterator[logging.Logger]:
    """Run the body with logging to the rule's log file; print ``<drop>: <done>`` when it succeeds,
    the Dutch message and the log's path when the data is bad (exit code 1).

    ``collect_garbage=False`` keeps Python's cyclic garbage collector off for the step, for a step
    that builds one document and ends (the report): the layout leaves some 170.000 objects in
    reference cycles, and the collection that frees them once the collector runs again (0,07 s)
    would only precede the process's end, which frees them anyway (issue 12). The collector runs
    again when the step ends in a process that goes on (a test)."""
    collecting = gc.isenabled()
    if not collect_garbage:
        gc.disable()
    try:
        with _logged_step(snakemake, done) as logger:
            yield logger
    finally:
        if collecting:
            gc.enable()


@contextmanager
def _logged_step(snakemake, done: str) -> Iterator[logging.Logger]:
    log_path = Path(snakemake.log[0])
    log_path.parent.mkdir(parents=True, exist_ok=True)
    drop = drop_label(snakemake)
    logger = logging.getLogger("buig_analyse")
    logger.handlers.clear()
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    to_file = logging.FileHandler(log_path, mode="w", encoding="utf-8")
    to_file.setLevel(logging.INFO)
    to_file.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    to_console = logging.StreamHandler(sys.stderr)
    to_console.setLevel(logging.WARNING)
    to_console.setFormatter(logging.Formatter(f"{drop}: %(message)s"))
    logger.addHandler(to_file)
    logger.addHandler(to_console)
    logging.captureWarnings(True)
    try:
        yield logger
    except DATA_PROBLEMS as exc:
        logger.error("FOUT (%s):\n%s\n(details: %s)", snakemake.rule, exc, log_path)
        _close(logger)
        sys.exit(1)
    except Exception as exc:
        # A program error, not a data problem: the traceback goes to the log for the developers,
        # the console gets one Dutch line and the run stops this drop.
        to_file.setLevel(logging.DEBUG)
        logger.debug("traceback", exc_info=True)
        logger.error(
            "onverwachte fout in stap '%s' (programmafout %s); meld dit met het logbestand %s",
            snakemake.rule,
            type(exc).__name__,
            log_path,
        )
        _close(logger)
        sys.exit(2)
    else:
        to_file.stream.write(f"INFO stap '{snakemake.rule}' gereed\n")
        print(f"{drop}: {done}", file=sys.stderr)
        _close(logger)
        if _in_snakemake_job(snakemake):
            _exit_at_once()


def _in_snakemake_job(snakemake) -> bool:
    """True in the process Snakemake starts for a ``script:`` (not for a test's stand-in)."""
    containers = sys.modules.get("snakemake.iocontainers")  # loaded by the script's preamble
    return containers is not None and isinstance(snakemake, containers.Snakemake)


def _exit_at_once() -> None:
    """End the rule's process now that its outputs are written and closed and its log is closed:
    the interpreter's own shutdown (tearing down pandas, matplotlib and WeasyPrint module by module)
    took about 0.2 s per job, paid between every two steps of a drop (issue 12). The rule scripts
    end with their ``rule_step`` block, so nothing after it is skipped."""
    from buig_analyse.handover import flushed_exit

    flushed_exit(0)


def _close(logger: logging.Logger) -> None:
    for handler in list(logger.handlers):
        handler.close()
        logger.removeHandler(handler)
