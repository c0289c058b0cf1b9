"""The generated conclusions follow the data: on a drop where every trend of the sample drop is
reversed, every statement says the opposite."""

from __future__ import annotations

import re
import shutil

import pytest

from ..conftest import SAMPLE_DROP, run_stages


def rewrite(path, pattern, replacement):
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(pattern, replacement, text, flags=re.M)
    assert count, f"test setup: {pattern} not found in {path.name}"
    path.write_text(new, encoding="utf-8")


@pytest.fixture(scope="module")
def reversed_layout(tmp_path_factory):
    import json

    drop = tmp_path_factory.mktemp("reversed") / "drop"
    shutil.copytree(SAMPLE_DROP, drop)
    # Falling rijksbijdrage 2016-2021.
    rewrite(
        drop / "rijksbijdrage.csv",
        r"^2017;nader voorlopig;(.*?);4\.533\.118",
        r"2017;nader voorlopig;\1;4.300.000",
    )
    for year, amount in (
        (2018, "4.250.000"),
        (2019, "4.200.000"),
        (2020, "4.150.000"),
        (2021, "4.100.000"),
    ):
        rewrite(
            drop / "rijksbijdrage.csv",
            rf"^{year};prognose;(.*?);[0-9.]+;",
            rf"{year};prognose;\1;{amount};",
        )
    # Participatiebudget falling in 2017 but higher than in 2012.
    rewrite(
        drop / "participatiebudget.csv", r"^2012;definitief;451\.219", "2012;definitief;200.000"
    )
    rewrite(
        drop / "participatiebudget.csv",
        r"^2017;nader voorlopig;294\.326",
        "2017;nader voorlopig;270.000",
    )
    # Caseload falling: fewer Participatiewet benefits at the end of 2016 than at the end of 2015.
    rewrite(
        drop / "bestand_maand.csv", r"^2016;12;participatiewet;331$", "2016;12;participatiewet;300"
    )
    # Spending rising in 2017.
    rewrite(drop / "uitgaven_lopend_jaar.csv", r"^2017;K1;1\.092\.661", "2017;K1;1.300.000")
    # Fewer bijstand households than the verdeelmodel predicts.
    rewrite(drop / "verdeelmodel.csv", r"^GM0626;alleenstaand;178;", "GM0626;alleenstaand;100;")
    out = run_stages(drop, tmp_path_factory.mktemp("reversed-out"))
    return "\n".join(json.loads((out / "layout.json").read_text(encoding="utf-8"))["conclusies"])


@pytest.mark.parametrize(
    "expected,not_expected",
    [
        ("structureel een afname van de BUIG-rijksbijdrage", "toename van de BUIG-rijksbijdrage"),
        ("afname van het participatiebudget", "toename van het participatiebudget"),
        ("Ten opzichte van 2012 is het budget echter hoger", "echter lager"),
        ("afname van het bestand", "toename van het bestand"),
        ("een stijging van de uitgaven BUIG in 2017", "een daling van de uitgaven"),
        ("minder bijstandshuishoudens dan voorspeld", "meer dan voorspeld"),
    ],
)
def test_reversed_statements(reversed_layout, expected, not_expected):
    assert expected in reversed_layout
    assert not_expected not in reversed_layout
