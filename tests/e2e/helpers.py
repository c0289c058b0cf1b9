"""Helpers of the end-to-end tests: a copy of the project and a Snakemake run in it."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..conftest import ROOT

REPORT = Path("results/voorschoten/2017/rapport")
OUTPUTS = [
    REPORT / "BUIG-analyse-voorschoten-2017.html",
    REPORT / "BUIG-analyse-voorschoten-2017.pdf",
    REPORT / "figurenregister.csv",
    REPORT / "figurenregister.json",
]


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in (
        "Snakefile",
        "workflow",
        "config",
        "profiles",
        "reports",
        "src",
        "data/raw",
        "data/reference",
    ):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
            )
        else:
            shutil.copy2(source, target / name)
    return target


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
