"""Reconciliation checks: a check that makes a figure wrong stops the run; one that needs attention
is a warning in the report and the log. Each case is a scenario of tests/scenarios.py, run
through the real workflow."""

from __future__ import annotations

import re


def test_sample_drop_passes_every_check(scenarios):
    checks = scenarios["voorbeeld"].checks()
    # Every check passes but the councils' cost split of 2024 and 2025 (seed 002, by design); the
    # comparison with last year's drop is not performed (the sample has no 2016 drop).
    failing = sorted(cid for cid, c in checks.items() if c["status"] == "niet geslaagd")
    assert checks["vorige_aanlevering"]["status"] == "niet uitgevoerd"
    assert failing == [
        "kostenverdeling.besloten.2024.beleidsplan_participatiewet",
        "kostenverdeling.besloten.2025.beleidsplan_participatiewet",
    ]
    assert {
        "sisa_rijksbijdrage.2016",
        "jaarrekening.lasten.2016",
        "plausibel.lasten.2016",
        "resultaat.2017",
        "bestand_maand_vs_clienten",
    } <= set(checks)


def test_councils_cost_split_differing_from_the_method_is_pointed_out(scenarios):
    """Seed 002 splits 487.000 (74 / 12 / 14) as 361.000 / 58.000 / 68.000; by the largest
    remainder (by hand: 360,38 / 58,44 / 68,18 thousand) it is 360.000 / 59.000 / 68.000. Its
    247.000 split (183.000 / 30.000 / 34.000) is the method's: that check passes."""
    checks = scenarios["voorbeeld"].checks()
    differing = checks["kostenverdeling.besloten.2024.beleidsplan_participatiewet"]
    assert differing["severity"] == "aandacht" and differing["waarschuwt"]
    detail = differing["detail"].replace("\u00a0", " ")
    assert "Leidschendam-Voorburg besloten € 361.000, volgens de methode € 360.000" in detail
    assert "Wassenaar besloten € 58.000, volgens de methode € 59.000" in detail
    assert "Voorschoten" not in detail
    agreeing = checks["kostenverdeling.besloten.2026.beleidsplan_participatiewet"]
    assert agreeing["status"] == "geslaagd"


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
    checks = scenarios["bestand-afwijkend"].checks()
    assert checks["sisa_rijksbijdrage.2016"]["status"] == "niet uitgevoerd"


def test_raised_sisa_lasten_fail_against_the_annual_accounts(scenarios):
    """Issue 11: the control that could not fail now compares two independent sources."""
    scenario = scenarios["sisa-afwijkend"]
    log = scenario.log("controles").replace("\u00a0", " ")
    assert "2016: lasten uit de SiSa-regels gelijk aan het totaal in de jaarrekening" in log
    assert "SiSa-regels € 4.881.948, jaarrekening € 4.781.948" in log
    assert not scenario.analysis("controles.json").exists()


def test_without_control_totals_the_check_is_not_performed(scenarios):
    checks = scenarios["minimaal"].checks()
    assert checks["jaarrekening.lasten.2016"]["status"] == "niet uitgevoerd"
    assert checks["jaarrekening.lasten.2016"]["detail"] == "geen controletotalen aangeleverd"


def test_plausibility_flags_a_jump_and_names_both_values():
    from buig_analyse.analysis.controles import plausibility_checks
    from buig_analyse.register.figures import Figure, Register

    register = Register()
    for year, lasten in ((2015, 4_654_938.0), (2016, 5_781_948.0)):
        register.add(Figure(f"budget.lasten.{year}", lasten, "EUR", "x", "x"))
    (check,) = plausibility_checks(register, [2016], {"lasten": 15})
    assert check.status == "niet geslaagd" and check.warns and not check.blocks
    assert check.detail.replace("\u00a0", " ") == "2015: € 4.654.938, 2016: € 5.781.948 (+24,2%)"
    (ok,) = plausibility_checks(register, [2016], {"lasten": 25})
    assert ok.status == "geslaagd"


def test_a_changed_sisa_amount_since_last_years_drop_is_pointed_out():
    """Issue 11: SiSa 2016 lasten was 4.781.948 in the 2017 drop (seed 000 table 4.1) and is
    4.881.948 now: the control fails and names both values; years one drop does not realise and
    non-definitief budgets are not compared."""
    from buig_analyse.analysis.controles import previous_drop_checks
    from buig_analyse.register.figures import Figure, Register

    def register(lasten_2016: float, status_2017: str) -> Register:
        made = Register()
        for fid, value in (("budget.lasten.2016", lasten_2016), ("budget.lasten_status.2016", "realisatie"),
                           ("budget.lasten.2017", 4_616_155.0), ("budget.lasten_status.2017", status_2017)):  # fmt: skip
            made.add(Figure(fid, value, "TEKST" if "status" in fid else "EUR", "x", "x"))
        return made

    checks = {
        c.id: c
        for c in previous_drop_checks(
            register(4_881_948.0, "realisatie"), register(4_781_948.0, "prognose"), 2017
        )
    }
    assert set(checks) == {"vorige_aanlevering.lasten.2016"}
    check = checks["vorige_aanlevering.lasten.2016"]
    assert check.status == "niet geslaagd" and check.warns
    assert check.detail.replace("\u00a0", " ") == (
        "SiSa 2016 lasten: € 4.781.948 in de aanlevering van 2017, € 4.881.948 nu"
    )
    same = previous_drop_checks(
        register(4_781_948.0, "realisatie"), register(4_781_948.0, "x"), 2017
    )
    assert [c.status for c in same] == ["geslaagd"]
    assert previous_drop_checks(register(1.0, "x"), None)[0].status == "niet uitgevoerd"
