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


@pytest.fixture(scope="session")
def scenarios(tmp_path_factory) -> Scenarios:
    """Every scenario of tests/scenarios.py run once through Snakemake, shared by all workers."""
    shared = tmp_path_factory.getbasetemp().parent / "buig-scenarios"
    shared.mkdir(exist_ok=True)
    workdir = shared / "project"
    with open(shared / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / "done.json"
        if not done.exists():
            run = run_scenarios(workdir)
            done.write_text(json.dumps({"output": run.stdout + run.stderr}), encoding="utf-8")
        output = json.loads(done.read_text(encoding="utf-8"))["output"]
    return Scenarios(workdir, output)


@pytest.fixture(scope="session")
def staged(scenarios):
    """The sample drop through every analysis rule: (analysis folder, register, layouts)."""
    sample = scenarios["voorbeeld"]
    assert sample.analysis("controles.json").exists(), scenarios.output[-4000:]
    return sample.results / "analysis", sample.register(), sample.layouts()
