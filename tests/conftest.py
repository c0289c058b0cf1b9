"""Shared fixtures: the repository, the Voorschoten sample drop and its computed chapters."""

from __future__ import annotations

from pathlib import Path

import pytest

from buig_analyse.budget import budget_chapter
from buig_analyse.participatie import participatie_chapter
from buig_analyse.validation import SISA_MAPPING, VANGNET_RULES, load_reference_table, validate_drop
from buig_analyse.vangnet import rules_from_table

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DROP = ROOT / "data" / "raw" / "voorschoten" / "2017"
REFERENCE = ROOT / "data" / "reference"
WEIGHTS = {"trend_vorig_jaar": 1, "lineaire_extrapolatie": 1, "externe_groeiprognose": 1}


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
