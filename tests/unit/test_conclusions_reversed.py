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
