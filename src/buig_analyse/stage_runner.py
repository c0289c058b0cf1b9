"""Running a pipeline stage from a Snakemake ``script:``: log to the rule's log file and to the
console, and turn a data problem into a clear Dutch message and a non-zero exit (no traceback)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

from .errors import ChecksFailed, InputValidationError, NarrativeError


class StageFailed(RuntimeError):
    """A stage run inside the Snakemake process failed on bad data (message already logged)."""


def run_stage(
    log_path: str | Path, name: str, stage: Callable[[], None], in_process: bool = False
) -> None:
    """Run ``stage`` with logging to ``log_path`` and the console. Bad data ends a script job with
    exit code 1, or raises :class:`StageFailed` when the stage runs inside Snakemake (``run:``)."""
    Path(log_path).parent.mkdir(parents=True, exist_ok=True)
    logger = logging.getLogger("buig_analyse")
    logger.handlers.clear()
    logger.setLevel(logging.INFO)
    formatter = logging.Formatter("%(levelname)s %(message)s")
    for handler in (
        logging.FileHandler(log_path, mode="w", encoding="utf-8"),
        logging.StreamHandler(sys.stderr),
    ):
        handler.setFormatter(formatter)
        logger.addHandler(handler)
    logging.captureWarnings(True)
    try:
        stage()
    except (InputValidationError, NarrativeError, ChecksFailed) as exc:
        logger.error("FOUT in stap '%s':\n%s", name, exc)
        if in_process:
            raise StageFailed(f"FOUT in stap '{name}': zie hierboven en {log_path}") from None
        sys.exit(1)
    except Exception:
        logger.exception("onverwachte fout in stap '%s'", name)
        raise
    else:
        logger.info("stap '%s' gereed", name)
    finally:
        for handler in list(logger.handlers):
            handler.close()
            logger.removeHandler(handler)
