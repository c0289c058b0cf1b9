"""Back test of seed 000 paragraphs 4.4-4.6 (verdeelmodel, bestand, oorzaken, conclusies) on the
sample drop. Expected values are copied from the seed text."""

from __future__ import annotations

import pytest

from buig_analyse.ingest.dutch_numbers import round_half_up


def value(staged, figure_id):
    return staged[1].value(figure_id)


# Seed 000, 4.4: "326 ... met 46 huishoudens verminderd ... 0,5% van het totaal aantal huishoudens en
# 14,2% van het totaal aantal huishoudens dat een bijstandsuitkering ontvangt ... 35 alleenstaanden of
# eenouderhuishoudens", "Van de 9.025 huishoudens".
@pytest.mark.parametrize(
    "figure_id,expected,digits",
    [
        ("verdeelmodel.GM0626.huishoudens", 9025, 0),
        ("verdeelmodel.GM0626.werkelijk", 326, 0),
        ("verdeelmodel.GM0626.reductie", 46, 0),
        ("verdeelmodel.GM0626.reductie_pct_huishoudens", 0.5, 1),
        ("verdeelmodel.GM0626.reductie_pct_bijstand", 14.2, 1),
        ("verdeelmodel.GM0626.alleenstaand_eenouder", 35, 0),
        # 4.4: "een verschil van € 498 per uitkering in het nadeel"
        ("benchmark.netto_prijs_per_uitkering.verschil_grootteklasse", 498, 0),
        # 4.5: "16 statushouders extra ... tegen 378 bijstandsklanten eind 2015 ... 4,2%"
        ("oorzaken.statushouders.2016", 16, 0),
        ("oorzaken.clienten_eind.2015", 378, 0),
        ("oorzaken.statushouders_pct.2016", 4.2, 1),
        # 4.5: "In 2015 en 2016 zijn landelijk respectievelijk 21.000 en 18.000 meer mensen in de bijstand"
        ("context.mutatie_personen_bijstand.nederland.2015", 21000, 0),
        ("context.mutatie_personen_bijstand.nederland.2016", 18000, 0),
    ],
)
def test_seed_figures(staged, figure_id, expected, digits):
    assert float(round_half_up(value(staged, figure_id), digits)) == expected


def test_comparison_gemeenten_need_0_2_to_0_9_percent(staged):
    # Seed 000, 4.4: Den Haag, Utrecht and Nijmegen "moeten 0,2% tot 0,9% uit laten stromen".
    for code in ("GM0518", "GM0344", "GM0268"):
        assert (
            0.2
            <= float(
                round_half_up(value(staged, f"verdeelmodel.{code}.reductie_pct_huishoudens"), 1)
            )
            <= 0.9
        )


def test_price_effect_in_euros_is_difference_times_benefits(staged):
    # By hand: 498 x the average of the twelve monthly totals 2016 of bestand_maand.csv.
    benefits = value(staged, "benchmark.aantal_uitkeringen.2016")
    assert value(staged, "benchmark.netto_prijs_per_uitkering.effect_euro") == pytest.approx(
        498 * benefits
    )


def test_volume_and_price_effects_add_up_to_the_euro(staged):
    for year in staged[2]["oorzaken"]["decomposition_years"]:
        total = value(staged, f"oorzaken.volume_effect.{year}") + value(
            staged, f"oorzaken.prijs_effect.{year}"
        )
        assert total == round(value(staged, f"oorzaken.mutatie_netto_lasten.{year}"))


def test_decomposition_2016_by_hand(staged):
    # Netto lasten 2015 4.522.314 and 2016 4.704.838 (seed table 4.1); N = average monthly totals;
    # symmetric split: volume at the average price, price at the average caseload of both years.
    n15, n16 = (
        value(staged, "oorzaken.uitkeringen.2015"),
        value(staged, "oorzaken.uitkeringen.2016"),
    )
    p15, p16 = 4_522_314 / n15, 4_704_838 / n16
    assert value(staged, "oorzaken.volume_effect.2016") == pytest.approx(
        (n16 - n15) * (p15 + p16) / 2, abs=1
    )
    assert value(staged, "oorzaken.prijs_effect.2016") == pytest.approx(
        (p16 - p15) * (n15 + n16) / 2, abs=1
    )


def test_shortfall_change_2016_adds_up_to_the_euro(staged):
    """Seed 000 table 4.1 by hand: G 2016 - G 2015 = 332.596 - 285.791 = 46.805 = the change in
    netto lasten 182.524 (= 4.704.838 - 4.522.314) minus the higher budget 135.719 (= 4.372.242 -
    4.236.523); D is 0 in both years. Statushouders: 16 x the average price of both years."""
    parts = ["statushouders", "volume_overig", "prijs", "budget"]
    found = {p: value(staged, f"oorzaken.tekort_{p}.2016") for p in parts}
    assert sum(found.values()) == 46_805
    assert found["budget"] == -135_719
    assert "oorzaken.tekort_fout_onzeker.2016" not in staged[1]  # D assumed 0 in both years
    assert found["statushouders"] + found["volume_overig"] + found["prijs"] == 182_524
    n15, n16 = (value(staged, f"oorzaken.uitkeringen.{y}") for y in (2015, 2016))
    average_price = (4_522_314 / n15 + 4_704_838 / n16) / 2
    assert found["statushouders"] == pytest.approx(16 * average_price, abs=1)


def test_unfavourable_benchmark_first_and_ranked(staged):
    layout = staged[2]["benchmark"]
    verdicts = [value(staged, f"benchmark.{i}.oordeel") for i in layout["indicators"]]
    first_favourable = verdicts.index("gunstig") if "gunstig" in verdicts else len(verdicts)
    assert all(v == "ongunstig" for v in verdicts[:first_favourable])
    assert all(v != "ongunstig" for v in verdicts[first_favourable:])
    # Seed 000, 4.5: relatively little outflow to education, little part-time work, much inflow from WW.
    for indicator in (
        "uitstroom_onderwijs",
        "parttime_werk",
        "doorstroom_ww",
        "netto_prijs_per_uitkering",
    ):
        assert value(staged, f"benchmark.{indicator}.oordeel") == "ongunstig"


def test_conclusions_follow_the_seed(staged):
    bullets = staged[2]["conclusies"]["bullets"]
    text = "\n".join(bullets)
    # 4.6 bullet 1; the seed compares 2016 (definitief) with 2021 (a forecast): the pipeline says
    # the decided budgets and the forecast apart (issue 10).
    assert "een toename van de BUIG-rijksbijdrage" in text
    assert (
        "De raming van het Rijk (prognose, geen beschikking) laat structureel een toename zien"
        in text
    )
    assert (
        "Het tekort 2016 is [[vangnet.tekort.2016]], [[vangnet.tekort_pct.2016]] van de rijksbijdrage"
        in text
    )
    assert "in aanmerking voor een vangnetuitkering van [[vangnet.uitkering.2016]]" in text
    assert "toename van het participatiebudget" in text and "echter lager" in text  # bullet 2
    assert "toename van het bestand" in text and "daling van de uitgaven" in text  # bullet 3
    assert "[[verdeelmodel.GM0626.alleenstaand_eenouder]] alleenstaand of eenouder" in text
