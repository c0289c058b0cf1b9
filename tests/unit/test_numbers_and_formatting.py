"""Dutch number parsing (input) and formatting (report)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from buig_analyse.ingest.dutch_numbers import NumberFormatError, parse_dutch_decimal, round_half_up
from buig_analyse.register.formatting import count, euro, format_value, percent


@pytest.mark.parametrize(
    "text,expected",
    [
        ("4.236.523", "4236523"),
        ("132.624,00", "132624.00"),
        ("-285.791", "-285791"),
        ("€ 4.236.523", "4236523"),
        ("1,5", "1.5"),
        ("0", "0"),
        (" 77.110 ", "77110"),
        (4654938, "4654938"),
        (1.5, "1.5"),
    ],
)
def test_parse(text, expected):
    assert parse_dutch_decimal(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["4236523.00", "1,234,567", "abc", "#REF!", "4.23.523", "1.5"])
def test_parse_refuses(text):
    with pytest.raises(NumberFormatError):
        parse_dutch_decimal(text)


def test_round_half_up_not_bankers():
    assert round_half_up(0.5) == 1 and round_half_up(2.5) == 3 and round_half_up(-2.5) == -3


@pytest.mark.parametrize(
    "value,expected",
    [
        (4236523, "€ 4.236.523"),
        (-285791, "€ -285.791"),
        (56991.95, "€ 56.992"),
        (-111742.05, "€ -111.742"),
        (0, "€ 0"),
    ],
)
def test_euro(value, expected):
    assert euro(value) == expected


@pytest.mark.parametrize(
    "value,expected", [(3.2035, "+3,2%"), (-3.467, "-3,5%"), (-0.04, "0,0%"), (3.25, "+3,3%")]
)
def test_percent(value, expected):
    assert percent(value) == expected


def test_units():
    assert format_value(7.607, "PCT") == "7,6%"
    assert format_value(3.68, "MUTATIE") == "+3,7%"
    assert count(9025) == "9.025"
    # a zero denominator or missing input (issue 8: never a crash, the report says so)
    assert format_value(None, "EUR") == "niet te berekenen"
