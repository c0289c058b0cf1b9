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
        (4236523, "€\u00a04.236.523"),
        (-285791, "€\u00a0-285.791"),
        (56991.95, "€\u00a056.992"),
        (-111742.05, "€\u00a0-111.742"),
        (0, "€\u00a00"),
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


def test_dutch_as_an_editor_writes_it():
    """Issue 9 (language): dates and months in words, scheme names as written, no double
    negatives where the sentence says the direction."""
    from buig_analyse.register.formatting import date_nl, format_abs, month_nl, regeling

    assert date_nl("2017-06-01") == "1 juni 2017"
    assert month_nl("2017-04") == "april 2017"
    assert [regeling(r) for r in ("ioaw", "ioaz", "bbz", "participatiewet")] == [
        "IOAW",
        "IOAZ",
        "Bbz",
        "Participatiewet",
    ]
    assert format_abs(-34.81, "MUTATIE") == "34,8%"  # "gedaald met 34,8%"
    assert format_abs(-3037.07, "EUR") == "€\u00a03.037"  # "een tekort van € 3.037"


def test_settings_are_listed_under_dutch_labels():
    from buig_analyse.analysis.prognose import METHOD_LABELS
    from buig_analyse.report.render import settings_in_dutch

    rows = dict(
        settings_in_dutch(
            {"history_years": 2, "forecast_weights": {"trend_vorig_jaar": 1}}, METHOD_LABELS
        )
    )
    assert rows["Jaren realisatie vóór het verslagjaar (history_years)"] == "2"
    assert rows["Gewichten van de prognosemethoden (forecast.weights)"] == (
        "Trend t.o.v. dezelfde periode vorig jaar: 1"
    )


def test_formatted_values_are_kept_apart_by_type():
    """format_value keeps what it formatted (issue 12), by value and type: 1, 1.0 and True are
    three values for a unit shown as written (str), and a repeat gives the same text."""
    from buig_analyse.register.formatting import format_value

    assert [format_value(v, "TEKST") for v in (1, 1.0, True)] == ["1", "1.0", "True"]
    assert [format_value(v, "TEKST") for v in (1.0, True, 1)] == ["1.0", "True", "1"]
    assert format_value(4236523.4, "EUR") == format_value(4236523.4, "EUR") == "€\u00a04.236.523"
    assert format_value([1, 2], "TEKST") == "[1, 2]"  # not a key: formatted each time
