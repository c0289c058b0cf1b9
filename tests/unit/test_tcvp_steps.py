"""The vangnet in the TCVP's calculation steps A-G (issue 10), on the sample drop through the
budget chapter. Expected values: seed 000 table 4.1 (A, B, F, G for 2016) and hand calculations
written next to each test."""

from __future__ import annotations

import pandas as pd
import pytest

from buig_analyse.analysis.budget import budget_chapter
from buig_analyse.ingest.dutch_numbers import round_half_up
from buig_analyse.register.figures import Register

from ..conftest import WEIGHTS


def _register(sample_drop, rules, findings=None) -> tuple[object, Register]:
    tables = dict(sample_drop.tables)
    tables.pop("fout_onzeker", None)
    if findings is not None:
        tables["fout_onzeker"] = findings
    chapter = budget_chapter(tables, _mapping(), rules, 2017, 2, WEIGHTS, -1)
    register = Register()
    register.extend(chapter.figures)
    return chapter, register


def _mapping():
    from buig_analyse.ingest.contract import SISA_MAPPING
    from buig_analyse.ingest.validate import load_reference_table

    from ..conftest import REFERENCE

    return load_reference_table(REFERENCE / "sisa_g2_indicatoren.csv", SISA_MAPPING)


def test_steps_a_to_g_for_2016_without_findings(sample_drop, rules):
    """Seed 000 table 4.1, 2016: lasten 4.781.948, baten 77.110, budget 4.372.242, tekort 332.596.
    Without fout_onzeker, D = 0 is assumed and the chapter says so."""
    chapter, register = _register(sample_drop, rules)
    values = {step: round_half_up(register.value(f"vangnet.{step}.2016"), 0) for step in
              ("a_lasten", "b_baten", "c_netto_lasten", "d_fout_onzeker", "e_netto_lasten_na_d",
               "f_budget", "tekort")}  # fmt: skip
    assert values == {
        "a_lasten": 4_781_948,
        "b_baten": 77_110,
        "c_netto_lasten": 4_704_838,
        "d_fout_onzeker": 0,
        "e_netto_lasten_na_d": 4_704_838,
        "f_budget": 4_372_242,
        "tekort": 332_596,
    }
    assert "aangenomen" in register["vangnet.d_fout_onzeker.2016"].description
    assert any("fout_onzeker" in note for note in chapter.notes)


def test_findings_above_the_threshold_lower_the_shortfall(sample_drop, rules):
    """By hand: D 2016 = 50.000 (above the threshold; the 10.000 below it does not count), so
    G = 332.596 - 50.000 = 282.596 = 6,46% of 4.372.242, below the 7,5% entry: no vangnet (the
    sample's 56.992 disappears) and the eigen risico is the whole 282.596."""
    findings = pd.DataFrame(
        {"jaar": [2016, 2016], "bedrag": [50_000.0, 10_000.0],
         "boven_rapportagegrens": ["ja", "nee"], "bron": ["accountantsverslag", "idem"],
         "_bron_bestand": ["fout_onzeker.csv"] * 2, "_bron_blad": ["", ""], "_bron_rij": [2, 3]}
    )  # fmt: skip
    _, register = _register(sample_drop, rules, findings)
    assert register.value("vangnet.d_fout_onzeker.2016") == 50_000
    assert round_half_up(register.value("vangnet.tekort.2016"), 0) == 282_596
    assert register.value("vangnet.uitkering.2016") == 0
    assert round_half_up(register.value("vangnet.eigen_risico.2016"), 0) == 282_596
    assert [s.row for s in register["vangnet.d_fout_onzeker.2016"].sources] == [2]


def test_rule_parameters_are_figures_with_their_cell(sample_drop, rules):
    """The 2016 rule is row 2 of vangnet_regels.csv (drempel 7,5, L 5, U 10); 2017 is row 3 with
    the multi-year condition 2016+2017 > 5% of B2017: 332.596 + 3.037 = 335.633 > 226.655,90."""
    _, register = _register(sample_drop, rules)
    drempel = register["vangnet.drempel_pct.2016"]
    assert drempel.value == 7.5 and drempel.sources[0].row == 2
    assert drempel.sources[0].file == "data/reference/vangnet_regels.csv"
    assert register.value("vangnet.ondergrens_pct.2016") == 5
    assert register.value("vangnet.bovengrens_pct.2016") == 10
    assert "vangnet.drempel_pct.2016" in register["vangnet.uitkering.2016"].derived_from
    assert round_half_up(register.value("vangnet.meerjarig_som.2017"), 0) == 335_633
    assert float(round_half_up(register.value("vangnet.meerjarig_drempel.2017"), 2)) == 226_655.90
    assert register.value("vangnet.meerjarig_uitkomst.2017") == "voldaan"


@pytest.mark.parametrize("name", ["resultaat_na_vangnet", "eigen_risico"])
def test_eigen_risico_means_one_thing(sample_drop, rules, name):
    """Seed 000 4.1: eigen risico 2016 = 332.596 - 56.992 = 275.604; the result after the advance
    (163.862) and the vangnet is -332.596 + 163.862 + 56.992 = -111.742, under its own name."""
    _, register = _register(sample_drop, rules)
    expected = {"resultaat_na_vangnet": -111_742, "eigen_risico": 275_604}[name]
    assert round_half_up(register.value(f"vangnet.{name}.2016"), 0) == expected
    description = register[f"vangnet.{name}.2016"].description
    assert ("Eigen risico" in description) == (name == "eigen_risico")


def test_an_advance_settled_over_several_years_is_a_schedule(sample_drop, rules):
    """Issue 10: the 2016 advance (163.862) spread in equal parts over 2018-2025, as Stb. 2016, 478
    is reported to do (unverified, so it is data): eight parts of 20.482,75 (by hand: 163.862 / 8).
    The received amount and the result after the vangnet are unchanged (56.992, -111.742)."""
    years = list(range(2018, 2026))
    schedule = pd.DataFrame(
        {"jaar_ontvangen": [2016] * 8, "jaar_verrekend": years, "bedrag": [20_482.75] * 8,
         "omschrijving": ["voorschot statushouders"] * 8,
         "_bron_bestand": ["voorschotten.csv"] * 8, "_bron_blad": [""] * 8,
         "_bron_rij": list(range(2, 10))}
    )  # fmt: skip
    tables = dict(sample_drop.tables)
    tables.pop("fout_onzeker", None)
    tables["voorschotten"] = schedule
    chapter = budget_chapter(tables, _mapping(), rules, 2017, 2, WEIGHTS, -1)
    register = Register()
    register.extend(chapter.figures)
    assert register.value("voorschot.ontvangen.2016") == 163_862
    assert register.value("voorschot.verrekening.2016.2021") == 20_482.75
    assert register.value("voorschot.jaar_verrekend.2016").startswith("2018: €\u00a020.483; 2019")
    assert round_half_up(register.value("vangnet.resultaat_na_vangnet.2016"), 0) == -111_742
