"""Write environment.yml from requirements.lock, so conda users get every pin of the full lock.

Run by `make lock` after the lock is compiled; tests/unit/test_environment_pins.py fails when
environment.yml differs from what this script writes. Standard library only.

    python3 tools/write_environment.py [--lock requirements.lock] [--output environment.yml]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
ENVIRONMENT = ROOT / "environment.yml"

HEADER = """\
# Generated from requirements.lock by `make lock` (python3 tools/write_environment.py): do not edit.
# Conda users: `conda env create -f environment.yml` gives the same pins as requirements.lock;
# pip installs everything from PyPI.
"""

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!_-]+)$")


def normalize(name: str) -> str:
    """The PEP 503 form of a distribution name: `PyYAML` and `pyyaml` are the same package."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(lock_text: str) -> list[tuple[str, str]]:
    """(name, version) of every `name==version` line of a lock, sorted by normalized name.

    Comments and blank lines are skipped; anything else (options, markers, URLs) is refused, so
    a lock this script cannot copy faithfully stops `make lock` instead of giving a wrong file.
    """
    pins: dict[str, tuple[str, str]] = {}
    for number, raw in enumerate(lock_text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = _PIN.match(line)
        if match is None:
            raise ValueError(f"requirements.lock line {number}: not a `name==version` pin: {raw!r}")
        name, version = match.groups()
        key = normalize(name)
        if key in pins:
            raise ValueError(f"requirements.lock line {number}: {name} is pinned twice")
        pins[key] = (name, version)
    return [pins[key] for key in sorted(pins)]


def render(lock_text: str) -> str:
    """The text of environment.yml for a lock: the same input always gives the same bytes."""
    lines = [
        "name: buig-analyse",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        "  - python=3.11",
        "  - pip",
        "  - pip:",
        *(f"      - {name}=={version}" for name, version in read_pins(lock_text)),
        "      - -e .",
    ]
    return HEADER + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lock", type=Path, default=LOCK)
    parser.add_argument("--output", type=Path, default=ENVIRONMENT)
    args = parser.parse_args(argv)
    text = render(args.lock.read_text(encoding="utf-8"))
    args.output.write_text(text, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
