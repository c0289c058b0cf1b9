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
        ("een lichte afname van de BUIG-rijksbijdrage", "toename van de BUIG-rijksbijdrage"),
        ("laat structureel een afname zien", "laat structureel een toename zien"),
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


def test_falling_budget_with_a_rising_forecast_is_said_apart():
    """Issue 10: decided budgets fall (2016 definitief 4.400.000 -> 2017 nader voorlopig
    4.300.000, by hand -2,3%) while the Rijk's forecast rises (2018-2020): the conclusion says
    the decided fall and the forecast rise separately, never one 'toename' over both."""
    from buig_analyse.analysis.budget import BudgetChapter
    from buig_analyse.analysis.conclusies import conclusions
    from buig_analyse.register.figures import Figure, Register

    register = Register()
    amounts = {2016: ("definitief", 4_400_000), 2017: ("nader voorlopig", 4_300_000),
               2018: ("prognose", 4_350_000), 2019: ("prognose", 4_420_000),
               2020: ("prognose", 4_500_000)}  # fmt: skip
    for year, (version, amount) in amounts.items():
        register.add(Figure(f"budget.rijksbijdrage.{year}", amount, "EUR", "x", "x"))
        register.add(Figure(f"budget.rijksbijdrage_versie.{year}", version, "TEKST", "x", "x"))
        if year - 1 in amounts:
            change = (amount / amounts[year - 1][1] - 1) * 100
            register.add(
                Figure(f"budget.rijksbijdrage_mutatie.{year}", change, "MUTATIE", "x", "x")
            )
    budget = BudgetChapter(perspective_years=sorted(amounts))
    bullets, extra = conclusions(register, {"budget": budget}, "Proefdorp", "GM9999")
    text = bullets[0]
    assert "een afname van de BUIG-rijksbijdrage" in text or "een lichte afname" in text
    assert "laat structureel een toename zien" in text
    assert "toename van de BUIG-rijksbijdrage" not in text
    change = {f.id: f.value for f in extra}["conclusie.rijksbijdrage_mutatie"]
    assert round(change, 1) == -2.3
