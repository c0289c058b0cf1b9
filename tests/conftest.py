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


PARAMS = {
    "history_years": 2,
    "perspective_offset": -1,
    "forecast_weights": WEIGHTS,
    "min_count": 5,
    "single_categories": ["alleenstaand", "eenouder"],
    "price_indicator": "netto_prijs_per_uitkering",
    "tolerance_pct": 2,
}


def run_stages(drop_dir: Path, out: Path, params: dict = PARAMS) -> Path:
    """Run the pipeline's stage functions (no Snakemake) from validation to the register."""
    from buig_analyse import pipeline

    tables = {name: out / "processed" / f"{name}.parquet" for name in pipeline.TABLE_NAMES}
    manifest = out / "processed" / "manifest.json"
    pipeline.stage_validate(
        drop_dir,
        REFERENCE,
        params["history_years"],
        params["min_count"],
        {**tables, "manifest": manifest},
    )
    chapters = {
        name: out / "analysis" / f"{name}.json"
        for name in ("budget", "participatie", "bestand", "verdeelmodel", "benchmark", "oorzaken")
    }
    pipeline.stage_budget(tables, manifest, REFERENCE, params, chapters["budget"])
    pipeline.stage_participatie(tables, manifest, params, chapters["participatie"])
    pipeline.stage_caseload(tables, manifest, params, chapters["bestand"])
    pipeline.stage_verdeelmodel(tables, manifest, params, chapters["verdeelmodel"])
    pipeline.stage_benchmark(tables, manifest, chapters["benchmark"])
    subset = {k: chapters[k] for k in ("budget", "verdeelmodel", "benchmark")}
    pipeline.stage_causes(subset, tables, manifest, params, chapters["oorzaken"])
    pipeline.stage_register(
        chapters, manifest, out / "register.json", out / "register.csv", out / "layout.json"
    )
    pipeline.stage_checks(
        out / "register.json",
        out / "layout.json",
        tables,
        manifest,
        REFERENCE,
        params,
        out / "controles.json",
    )
    return out


@pytest.fixture(scope="session")
def staged(tmp_path_factory):
    """The sample drop through every analysis stage: (output folder, register, layout)."""
    import json

    from buig_analyse.pipeline import load_register

    out = run_stages(SAMPLE_DROP, tmp_path_factory.mktemp("staged"))
    return (
        out,
        load_register(out / "register.json"),
        json.loads((out / "layout.json").read_text(encoding="utf-8")),
    )
