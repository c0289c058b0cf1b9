"""The generated conclusions follow the data: on a drop where every trend of the sample drop is
reversed, every statement says the opposite."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def reversed_layout(scenarios):
    """The conclusions of scenario 'omgekeerd' (tests/scenarios.py: every trend reversed)."""
    return "\n".join(scenarios["omgekeerd"].layouts()["conclusies"]["bullets"])


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


def _report_text(scenario) -> str:
    import html
    import re

    page = (scenario.results / "rapport" / f"BUIG-analyse-{scenario.name}-2017.html").read_text(
        encoding="utf-8"
    )
    body = page.split("<body>", 1)[1]
    body = re.sub(r'src="data:[^"]*"', "", body)
    return html.unescape(re.sub(r"<[^>]+>", "", body)).replace("\u00a0", " ")


@pytest.mark.parametrize(
    "expected",
    [
        # participatiebudget 2017 (270.000) above the reference year 2012 (200.000)
        "is het budget van 2017 gestegen met 35,0%",
        # fewer bijstand households than the verdeelmodel predicts (100 instead of 178 alleenstaand)
        "huishoudens onder de voorspelling: binnen het verdeelmodel is er ruimte",
    ],
)
def test_report_sentences_on_the_reversed_drop(scenarios, expected):
    """Issue 9: sentences the templates make from figures say the direction in words and the
    size without a sign, also where the figures go the other way (expected text by hand: 270.000
    / 200.000 - 1 = 35,0%)."""
    assert expected in _report_text(scenarios["omgekeerd"])


@pytest.mark.parametrize("name", ["omgekeerd", "minimaal", "breed"])
def test_no_double_negative_in_running_text(scenarios, name):
    """'gedaald met -34,8%', 'een tekort van € -3.037' or 'ligt -46 onder': a word that gives the
    direction is never followed by a minus sign."""
    import re

    text = _report_text(scenarios[name])
    found = re.findall(
        r"(?:gedaald|gestegen|gedaalde|afname|toename|daling|stijging|tekort|overschot|ligt|"
        r"verminderen|onder|boven)(?: van| met)? (?:€ )?-\d[^ ]*",
        text,
    )
    assert found == []
