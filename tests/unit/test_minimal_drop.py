"""A drop with only the required inputs (drop.yaml, SiSa, rijksbijdrage) still gives a report, and
every chapter left out says so visibly (scenario 'minimaal' of tests/scenarios.py)."""

from __future__ import annotations


def test_minimal_drop_renders_with_notes(scenarios):
    rapport = scenarios["minimaal"].results / "rapport"
    html = (rapport / "BUIG-analyse-minimaal-2017.html").read_text(encoding="utf-8")
    html = html.replace("\u00a0", " ")  # € has a non-breaking space
    for missing in ("participatiebudget", "uitgaven_lopend_jaar", "verdeelmodel", "bestand_maand",
                    "bestand_clienten", "cbs_bevolking", "benchmark", "statushouders"):  # fmt: skip
        assert f"Het bestand {missing} ontbreekt" in html or f"De bestanden {missing}" in html, (
            missing
        )
    # Without the forecast inputs the 2017 result cannot be computed, and the report says so.
    assert "Voor 2017 is geen prognose van de uitgaven gemaakt" in html
    assert "€ -332.596" in html  # the realised years are still there
    assert (rapport / "BUIG-analyse-minimaal-2017.pdf").read_bytes().startswith(b"%PDF")
