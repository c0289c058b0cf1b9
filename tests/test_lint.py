"""The workflow and code pass snakemake --lint, snakefmt and ruff in check mode."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
pytestmark = pytest.mark.lint


def run(*cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_snakemake_lint():
    result = run(sys.executable, "-m", "snakemake", "--lint", "--cores", "1")
    assert result.returncode == 0, result.stdout + result.stderr


def test_snakefmt_check():
    result = run(str(BIN / "snakefmt"), "--check", "Snakefile", "workflow")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_check():
    result = run(str(BIN / "ruff"), "check", "src", "tests", "workflow/scripts", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_check():
    result = run(
        str(BIN / "ruff"), "format", "--check", "src", "tests", "workflow/scripts", "benchmarks"
    )
    assert result.returncode == 0, result.stdout + result.stderr
