"""Times the workflow on the sample drop in a temporary copy of the project: a cold full run, a
no-change re-run and a re-run after only a narrative block changed; each several times (median),
next to an import floor measured in the same run (one interpreter importing pandas, matplotlib,
WeasyPrint and the Snakemake CLI), so a noisy shared machine still gives comparable ratios.

Targets of issue 12 (2 cores, after install): cold <= 8 s, no-change <= 1.5 s, narrative-only
<= 4 s. Usage: make bench   (or: .venv/bin/python benchmarks/run_benchmark.py [--cores N] [--runs N])
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTS = (
    "Snakefile", "workflow", "config", "profiles", "reports", "src", "data/raw", "data/reference",
)  # fmt: skip
TARGETS = {"cold": 8.0, "no-change": 1.5, "narrative-only": 4.0}
FLOOR = "import pandas, matplotlib, weasyprint, snakemake.cli"


def copy_project(target: Path) -> None:
    for name in PARTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def timed(command: list[str], workdir: Path) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=workdir, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"run failed:\n{result.stderr[-3000:]}")
    return elapsed, result.stdout + result.stderr


def steps(output: str) -> int:
    """The steps a run did: the console prints one Dutch line per drop and step."""
    return sum(1 for line in output.splitlines() if line.startswith("voorschoten/2017: "))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    snakemake = [sys.executable, "-m", "snakemake", "--cores", str(args.cores)]
    times: dict[str, list[float]] = {"floor": [], **{k: [] for k in TARGETS}}
    counted: dict[str, int] = {}
    for _ in range(args.runs):
        times["floor"].append(timed([sys.executable, "-c", FLOOR], ROOT)[0])
        with tempfile.TemporaryDirectory(prefix="buig-bench-") as tmp:
            workdir = Path(tmp)
            copy_project(workdir)
            for name in TARGETS:
                if name == "narrative-only":
                    block = workdir / "data/raw/voorschoten/2017/narratief/inleiding.md"
                    block.write_text(block.read_text(encoding="utf-8") + "\nExtra zin.\n")
                elapsed, output = timed(snakemake, workdir)
                times[name].append(elapsed)
                counted[name] = steps(output)
    floor = statistics.median(times["floor"])
    print(
        f"{'meting':<16}{'mediaan s':>10}{'x vloer':>9}{'doel s':>8}  stappen  (runs: {args.runs})"
    )
    print(f"{'importvloer':<16}{floor:>10.2f}{1.0:>9.2f}{'':>8}")
    for name, target in TARGETS.items():
        median = statistics.median(times[name])
        flag = "ok" if median <= target else "boven doel"
        print(
            f"{name:<16}{median:>10.2f}{median / floor:>9.2f}{target:>8.1f}  "
            f"{counted[name]:>7}  {flag}"
        )


if __name__ == "__main__":
    main()
