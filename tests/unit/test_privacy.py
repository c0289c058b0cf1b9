"""Citizen service numbers are refused (and never repeated); small counts are suppressed."""

from __future__ import annotations

import shutil

import pytest

from buig_analyse.errors import InputValidationError
from buig_analyse.ingest.privacy import passes_elfproef, suppress
from buig_analyse.ingest.validate import validate_drop

from ..conftest import SAMPLE_DROP

# 111222333 and 123456782 pass the elfproef (by hand: 9x1+8x1+7x1+6x2+5x2+4x2+3x3+2x3 - 3 = 66 = 6 x 11).
VALID_BSN = "111222333"


@pytest.mark.parametrize(
    "digits,expected",
    [
        (VALID_BSN, True),
        ("123456782", True),
        ("123456789", False),
        ("12345678", False),
        ("000000000", False),
    ],
)
def test_elfproef(digits, expected):
    assert passes_elfproef(digits) is expected


def test_primary_and_secondary_suppression():
    # 3 is below 5; because it is the only small cell, the next smallest (7) is suppressed too.
    assert suppress({"a": 10, "b": 3, "c": 7, "d": 0}, 5) == {"a": 10, "b": None, "c": None, "d": 0}
    assert suppress({"a": 10, "b": 3, "c": 2}, 5) == {"a": 10, "b": None, "c": None}
    assert suppress({"a": 10, "b": 6}, 5) == {"a": 10, "b": 6}


@pytest.fixture
def drop(tmp_path):
    target = tmp_path / "drop"
    shutil.copytree(SAMPLE_DROP, target)
    return target


def problems(drop, mapping):
    with pytest.raises(InputValidationError) as info:
        validate_drop(drop, mapping, 2)
    return [str(p) for p in info.value.problems], str(info.value)


def test_bsn_column_is_refused(drop, mapping):
    path = drop / "bestand_clienten.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("client_id;", "bsn;", 1), encoding="utf-8"
    )
    found, _ = problems(drop, mapping)
    assert any(
        "bestand_clienten.csv, rij 1, kolom 'bsn': kolom met burgerservicenummers" in p
        for p in found
    )


def test_bsn_value_is_refused_without_repeating_it(drop, mapping):
    path = drop / "bestand_clienten.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    key = lines[5].split(";")[0]
    lines[5] = lines[5].replace(key, VALID_BSN, 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found, message = problems(drop, mapping)
    assert any(
        "bestand_clienten.csv, rij 6, kolom 'client_id': waarde lijkt een burgerservicenummer" in p
        for p in found
    )
    assert VALID_BSN not in message


def test_personal_file_errors_do_not_repeat_values(drop, mapping):
    path = drop / "bestand_clienten.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    birth = lines[3].split(";")[2]
    lines[3] = lines[3].replace(birth, "31-02-" + birth[:4], 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found, message = problems(drop, mapping)
    assert any(p.startswith("bestand_clienten.csv, rij 4, kolom 'geboortedatum'") for p in found)
    assert birth[:4] not in message


def test_secondary_suppression_is_marked_apart_from_small_counts():
    """Issue 10: one small group (3 < 5) would be derivable from the total if every other group
    were shown, so the smallest other group (12) is hidden too; that one is not small and must
    not be printed as '<5' (by hand: the groups are 40, 12 and 3)."""
    from buig_analyse.ingest.privacy import protected, suppress

    counts = {"werk": 40, "verhuizing": 12, "overig": 3}
    assert suppress(counts, 5) == {"werk": 40, "verhuizing": None, "overig": None}
    assert protected(counts, 5) == {"verhuizing"}
    assert protected({"a": 40, "b": 3, "c": 2}, 5) == set()  # two small groups protect each other


def test_a_protected_count_is_shown_as_x():
    from buig_analyse.analysis.bestand import _count_figure

    shown = _count_figure("f", {"onderdrukt": True, "aanvullend": True, "aantal": None}, "d", 5)
    small = _count_figure("f", {"onderdrukt": True, "aanvullend": False, "aantal": None}, "d", 5)
    assert shown.value == "x" and "verborgen" in shown.description
    assert small.value == "<5"
