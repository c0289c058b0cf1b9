"""A drop with only the required inputs (drop.yaml, SiSa, rijksbijdrage) still gives a report, and
every chapter left out says so visibly."""

from __future__ import annotations

import shutil

from buig_analyse import pipeline

from ..conftest import PARAMS, ROOT, SAMPLE_DROP, run_stages

OPTIONAL = [
    "voorschotten.csv", "uitgaven_lopend_jaar.csv", "groeiprognose.csv", "meerjarenraming.csv",
    "participatiebudget.csv", "bestand_maand.csv", "bestand_clienten.csv", "cbs_bevolking.csv",
    "benchmark.csv", "verdeelmodel.csv", "verdeelmodel_huishoudens.csv", "statushouders.csv",
]  # fmt: skip


def test_minimal_drop_renders_with_notes(tmp_path):
    drop = tmp_path / "drop"
    shutil.copytree(SAMPLE_DROP, drop)
    for name in OPTIONAL:
        (drop / name).unlink()
    shutil.rmtree(drop / "narratief")
    out = run_stages(drop, tmp_path / "out")
    pipeline.stage_charts(out / "register.json", out / "layout.json", out / "charts.json")
    html_path, pdf_path = out / "rapport.html", out / "rapport.pdf"
    pipeline.stage_render_report(
        out / "register.json", out / "register.csv", out / "layout.json", out / "charts.json",
        out / "controles.json", out / "processed" / "manifest.json", drop, ROOT / "reports" / "templates",
        PARAMS, ROOT, html_path, pdf_path,
    )  # fmt: skip
    html = html_path.read_text(encoding="utf-8")
    for missing in ("participatiebudget", "uitgaven_lopend_jaar", "verdeelmodel", "bestand_maand",
                    "bestand_clienten", "cbs_bevolking", "benchmark", "statushouders"):  # fmt: skip
        assert f"Het bestand {missing} ontbreekt" in html or f"De bestanden {missing}" in html, (
            missing
        )
    # Without the forecast inputs the 2017 result cannot be computed, and the report says so.
    assert "Voor 2017 is geen prognose van de uitgaven gemaakt" in html
    assert "€ -332.596" in html  # the realised years are still there
    assert pdf_path.read_bytes().startswith(b"%PDF")
