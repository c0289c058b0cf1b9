"""Reconciliation checks: a check that makes a figure wrong stops the run; one that needs attention
is a warning in the report and the log."""

from __future__ import annotations

import json
import shutil

import pytest

from buig_analyse.errors import ChecksFailed

from ..conftest import SAMPLE_DROP, run_stages


def test_sample_drop_passes_every_check(staged):
    checks = json.loads((staged[0] / "controles.json").read_text(encoding="utf-8"))
    assert checks and all(c["status"] == "geslaagd" for c in checks)
    ids = {c["id"] for c in checks}
    assert {
        "sisa_rijksbijdrage.2016",
        "sisa_componenten.lasten.2016",
        "resultaat.2017",
        "bestand_maand_vs_clienten",
    } <= ids


@pytest.fixture
def drop(tmp_path):
    target = tmp_path / "drop"
    shutil.copytree(SAMPLE_DROP, target)
    return target


def test_sisa_budget_differing_from_decision_blocks(drop, tmp_path):
    path = drop / "sisa" / "sisa_G2_2016.csv"
    path.write_bytes(
        path.read_bytes().replace(
            b"2016;G2/00;Rijksbijdrage BUIG (beschikking definitief);4.372.242,00",
            b"2016;G2/00;Rijksbijdrage BUIG (beschikking definitief);4.372.000,00",
        )
    )
    with pytest.raises(
        ChecksFailed,
        match=r"SiSa 2016: rijksbijdrage .* SiSa € 4.372.000 .* beschikking € 4.372.242",
    ):
        run_stages(drop, tmp_path / "out")
    assert not (tmp_path / "out" / "controles.json").exists()


def test_caseload_mismatch_is_a_warning(drop, tmp_path):
    path = drop / "bestand_maand.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "2016;6;participatiewet;329", "2016;6;participatiewet;345"
        ),
        encoding="utf-8",
    )
    out = run_stages(drop, tmp_path / "out")
    checks = {c["id"]: c for c in json.loads((out / "controles.json").read_text(encoding="utf-8"))}
    check = checks["bestand_maand_vs_clienten"]
    assert check["status"] == "niet geslaagd" and check["waarschuwt"] and not check["blokkeert"]
    assert "2016-06: 345 in bestand_maand, 329 in het clientbestand" in check["detail"]


def test_missing_sisa_budget_indicator_is_reported_not_guessed(drop, tmp_path):
    path = drop / "sisa" / "sisa_G2_2016.csv"
    lines = [line for line in path.read_bytes().split(b"\r\n") if b"G2/00" not in line]
    path.write_bytes(b"\r\n".join(lines))
    out = run_stages(drop, tmp_path / "out")
    checks = {c["id"]: c for c in json.loads((out / "controles.json").read_text(encoding="utf-8"))}
    assert checks["sisa_rijksbijdrage.2016"]["status"] == "niet uitgevoerd"
