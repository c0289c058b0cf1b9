"""Reconciliation checks: a check that makes a figure wrong stops the run; one that needs attention
is a warning in the report and the log. Each case is a scenario of tests/scenarios.py, run
through the real workflow."""

from __future__ import annotations

import re


def test_sample_drop_passes_every_check(scenarios):
    checks = scenarios["voorbeeld"].checks()
    assert checks and all(c["status"] == "geslaagd" for c in checks.values())
    assert {
        "sisa_rijksbijdrage.2016",
        "sisa_componenten.lasten.2016",
        "resultaat.2017",
        "bestand_maand_vs_clienten",
    } <= set(checks)


def test_sisa_budget_differing_from_decision_blocks(scenarios):
    scenario = scenarios["sisa-afwijkend"]
    assert re.search(
        r"SiSa 2016: rijksbijdrage .* SiSa € 4.372.000 .* beschikking € 4.372.242",
        scenario.log("controles").replace("\u00a0", " "),
    )
    assert "FOUT" in scenario.log("controles")
    assert not scenario.analysis("controles.json").exists()


def test_caseload_mismatch_is_a_warning(scenarios):
    check = scenarios["bestand-afwijkend"].checks()["bestand_maand_vs_clienten"]
    assert check["status"] == "niet geslaagd" and check["waarschuwt"] and not check["blokkeert"]
    assert "2016-06: 345 in bestand_maand, 329 in het clientbestand" in check["detail"]


def test_missing_sisa_budget_indicator_is_reported_not_guessed(scenarios):
    checks = scenarios["sisa-zonder-rijksbijdrage"].checks()
    assert checks["sisa_rijksbijdrage.2016"]["status"] == "niet uitgevoerd"
