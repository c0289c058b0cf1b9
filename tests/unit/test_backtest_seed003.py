"""Back test of seed 003 (Leidschendam-Voorburg 2019-2022), chapter 6: the vangnet split of budget
and spending forecasts, computed through the whole validation and budget chapter from a drop with a
meerjarenraming. Expected values are copied from the seed's table "Overzicht BUIG-budget".

The years before (SiSa 2016-2017 and the 2018 forecast) are illustrative: the seed gives only the
2017 shortfall (5.547.872), which is reproduced; they make the multi-year condition decidable."""

from __future__ import annotations

from pathlib import Path

import pytest

from buig_analyse.analysis.budget import budget_chapter
from buig_analyse.ingest.dutch_numbers import round_half_up
from buig_analyse.ingest.validate import validate_drop

from ..conftest import WEIGHTS

BUDGET = {2019: "24.729.914", 2020: "24.840.389", 2021: "25.116.577", 2022: "25.668.953"}
NETTO = {2019: "28.204.449", 2020: "28.330.049", 2021: "28.644.046", 2022: "29.272.046"}
SALDO = {2019: -3_474_535, 2020: -3_489_660, 2021: -3_527_469, 2022: -3_603_093}
EIGEN_RISICO = {2019: 2_472_991, 2020: 2_484_039, 2021: 2_511_658, 2022: 2_566_895}
VANGNET = {2019: 1_001_544, 2020: 1_005_621, 2021: 1_015_811, 2022: 1_036_198}


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def chapter(tmp_path_factory, mapping, rules):
    drop = tmp_path_factory.mktemp("lv") / "leidschendam-voorburg" / "2018"
    write(
        drop / "drop.yaml",
        "gemeente: Leidschendam-Voorburg\ngemeentecode: GM1916\nverslagjaar: 2018\n"
        "drop_id: lv-2018\ndrop_datum: 2018-11-01\n",
    )
    write(
        drop / "sisa" / "sisa.csv",
        "jaar;indicator;omschrijving;bedrag\n"
        "2016;G2/01;lasten;26.000.000\n2016;G2/02;baten;300.000\n"
        "2017;G2/01;lasten;29.000.000\n2017;G2/02;baten;252.128\n",
    )
    rijks = "jaar;versie;datum;bedrag;bron\n2016;definitief;2016-10-01;23.500.000;x\n2017;definitief;2017-10-01;23.200.000;x\n"
    rijks += "2018;nader voorlopig;2018-05-01;23.900.000;x\n"
    rijks += "".join(
        f"{y};voorlopig;2018-10-01;{b};seed 003 hoofdstuk 6\n" for y, b in BUDGET.items()
    )
    write(drop / "rijksbijdrage.csv", rijks)
    plan = "jaar;soort;lasten;baten;toelichting\n2018;prognose;27.500.000;0;x\n"
    plan += "".join(
        f"{y};begroting;{n};0;netto bijstandsuitgaven seed 003\n" for y, n in NETTO.items()
    )
    write(drop / "meerjarenraming.csv", plan)
    validated = validate_drop(drop, mapping, history_years=2)
    result = budget_chapter(validated.tables, mapping, rules, 2018, 2, WEIGHTS, -1)
    return {f.id: f for f in result.figures}, result


def test_years_include_the_forecast_years(chapter):
    _, result = chapter
    assert result.years == [2016, 2017, 2018, 2019, 2020, 2021, 2022]


def test_2017_shortfall_of_the_seed(chapter):
    figures, _ = chapter
    assert round_half_up(figures["budget.resultaat.2017"].value) == -5_547_872


@pytest.mark.parametrize("year", sorted(SALDO))
def test_saldo_eigen_risico_and_vangnet(chapter, year):
    figures, _ = chapter
    assert round_half_up(figures[f"budget.resultaat.{year}"].value) == SALDO[year]
    assert round_half_up(figures[f"vangnet.eigen_risico.{year}"].value) == EIGEN_RISICO[year]
    assert round_half_up(figures[f"vangnet.uitkering.{year}"].value) == VANGNET[year]
    assert figures[f"budget.lasten_status.{year}"].value == "begroting"
