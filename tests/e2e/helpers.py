"""Helpers of the end-to-end tests: a copy of the project and a Snakemake run in it."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from .. import scenarios

REPORT = Path("results/voorschoten/2017/rapport")
OUTPUTS = [
    REPORT / "BUIG-analyse-voorschoten-2017.html",
    REPORT / "BUIG-analyse-voorschoten-2017.pdf",
    REPORT / "figurenregister.csv",
    REPORT / "figurenregister.json",
]


def copy_project(target: Path) -> Path:
    """A copy of the project with the sample drop in data/raw."""
    return scenarios.copy_project(target, (*scenarios.PROJECT_PARTS, "data/raw"))


def snakemake(workdir: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "2", *args],
        cwd=workdir,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
    )


def digests(workdir: Path, paths) -> dict[str, str]:
    return {str(p): hashlib.sha256((workdir / p).read_bytes()).hexdigest() for p in paths}
