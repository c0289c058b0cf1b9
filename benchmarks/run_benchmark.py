"""Times the workflow on the sample drop in a temporary copy of the project:
a cold full run, a no-change re-run and a re-run after only a narrative block changed.

Targets (2-core machine, after install): cold < 20 s, no-change < 3 s, narrative-only < 8 s.
Usage: make bench   (or: .venv/bin/python benchmarks/run_benchmark.py [--cores N])
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("Snakefile", "workflow", "config", "reports", "src", "data/raw", "data/reference")
TARGETS = {"cold": 20.0, "no-change": 3.0, "narrative-only": 8.0}


def copy_project(target: Path) -> None:
    for name in PARTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def timed_run(workdir: Path, cores: int) -> tuple[float, list[str]]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", str(cores)],
        cwd=workdir,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"run failed:\n{result.stderr[-3000:]}")
    output = (result.stdout + result.stderr).splitlines()
    names = {
        line.split()[1].rstrip(":") for line in output if line.startswith(("rule ", "localrule "))
    }
    rules = sorted(names - {"all"})
    return elapsed, rules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cores", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="buig-bench-") as tmp:
        workdir = Path(tmp)
        copy_project(workdir)
        results = {}
        results["cold"] = timed_run(workdir, args.cores)
        results["no-change"] = timed_run(workdir, args.cores)
        narrative = workdir / "data/raw/voorschoten/2017/narratief/budget.md"
        narrative.write_text(
            narrative.read_text(encoding="utf-8") + "\nExtra zin voor de benchmark.\n",
            encoding="utf-8",
        )
        results["narrative-only"] = timed_run(workdir, args.cores)
    failed = False
    print(f"{'meting':<16}{'seconden':>10}{'doel':>8}  regels die draaiden")
    for name, (seconds, rules) in results.items():
        ok = seconds < TARGETS[name]
        failed |= not ok
        print(
            f"{name:<16}{seconds:>10.2f}{TARGETS[name]:>8.0f}  {', '.join(rules) or '-'}{'' if ok else '  <-- boven doel'}"
        )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
