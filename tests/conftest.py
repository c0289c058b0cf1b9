"""Shared fixtures: the repository, the Voorschoten sample drop, the domain inputs in memory, and
the test scenarios run once through the real Snakemake workflow (tests/scenarios.py)."""

from __future__ import annotations

import fcntl
import json
from pathlib import Path

import pytest

from buig_analyse.analysis.budget import budget_chapter
from buig_analyse.analysis.participatie import participatie_chapter
from buig_analyse.analysis.vangnet import rules_from_table
from buig_analyse.ingest.contract import SISA_MAPPING, VANGNET_RULES
from buig_analyse.ingest.validate import load_reference_table, validate_drop

from .scenarios import SAMPLE_DROP, Scenario, run_scenarios

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "data" / "reference"
WEIGHTS = {"trend_vorig_jaar": 1, "lineaire_extrapolatie": 1, "externe_groeiprognose": 1}
__all__ = ["ROOT", "SAMPLE_DROP", "REFERENCE", "WEIGHTS"]


@pytest.fixture(scope="session")
def mapping():
    return load_reference_table(REFERENCE / "sisa_g2_indicatoren.csv", SISA_MAPPING)


@pytest.fixture(scope="session")
def rules():
    return rules_from_table(load_reference_table(REFERENCE / "vangnet_regels.csv", VANGNET_RULES))


@pytest.fixture(scope="session")
def sample_drop(mapping):
    return validate_drop(SAMPLE_DROP, mapping, history_years=2)


@pytest.fixture(scope="session")
def budget(sample_drop, mapping, rules):
    chapter = budget_chapter(sample_drop.tables, mapping, rules, 2017, 2, WEIGHTS, -1)
    return {f.id: f for f in chapter.figures}, chapter


@pytest.fixture(scope="session")
def participatie(sample_drop):
    chapter = participatie_chapter(sample_drop.tables["participatiebudget"], 2017, 2, 2012)
    return {f.id: f for f in chapter.figures}


class Scenarios:
    def __init__(self, workdir: Path, output: str):
        self.workdir = workdir
        self.output = output  # Snakemake's console output of the run

    def __getitem__(self, name: str) -> Scenario:
        return Scenario(self.workdir, name)


SCENARIOS_ENV = "BUIG_SCENARIOS_DIR"


def pytest_configure(config):
    """On a whole-suite run, the controller starts the scenario run at once in the background, so
    no test worker sits waiting for it; a partial run starts it when a test first needs it."""
    import os
    import tempfile
    import threading

    if hasattr(config, "workerinput") or os.environ.get(SCENARIOS_ENV):
        return
    if config.args and [Path(a).resolve() for a in config.args] != [ROOT / "tests"]:
        return
    shared = Path(tempfile.mkdtemp(prefix="buig-scenarios-"))
    os.environ[SCENARIOS_ENV] = str(shared)

    def run() -> None:
        result = run_scenarios(shared / "project")
        (shared / "done.tmp").write_text(
            json.dumps({"output": result.stdout + result.stderr}), encoding="utf-8"
        )
        (shared / "done.tmp").rename(shared / "done.json")

    threading.Thread(target=run, daemon=True).start()


@pytest.fixture(scope="session")
def scenarios(tmp_path_factory) -> Scenarios:
    """Every scenario of tests/scenarios.py run once through Snakemake, shared by all workers."""
    import os
    import time

    started = os.environ.get(SCENARIOS_ENV)
    if started:
        shared = Path(started)
        deadline = time.monotonic() + 900
        while not (shared / "done.json").exists():
            assert time.monotonic() < deadline, "the scenario run did not finish"
            time.sleep(0.5)
    else:
        shared = tmp_path_factory.getbasetemp().parent / "buig-scenarios"
        shared.mkdir(exist_ok=True)
        with open(shared / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (shared / "done.json").exists():
                run = run_scenarios(shared / "project")
                (shared / "done.json").write_text(
                    json.dumps({"output": run.stdout + run.stderr}), encoding="utf-8"
                )
    output = json.loads((shared / "done.json").read_text(encoding="utf-8"))["output"]
    return Scenarios(shared / "project", output)


@pytest.fixture(scope="session")
def staged(scenarios):
    """The sample drop through every analysis rule: (analysis folder, register, layouts)."""
    sample = scenarios["voorbeeld"]
    assert sample.analysis("controles.json").exists(), scenarios.output[-4000:]
    return sample.results / "analysis", sample.register(), sample.layouts()


def pytest_collection_modifyitems(config, items):
    """Tests on the scenario run go last, so the workers do everything else while it runs in the
    background (the order within each group is kept)."""
    uses = [item for item in items if _needs_scenarios(item)]
    others = [item for item in items if not _needs_scenarios(item)]
    items[:] = others + uses


def _needs_scenarios(item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return "scenarios" in names or "staged" in names
