"""Drops prepared in an earlier format stay valid, and the drop.yaml schema refuses what it must."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest

from buig_analyse.errors import InputValidationError
from buig_analyse.ingest.contract import RIJKSBIJDRAGE, VOORSCHOTTEN, schema_for
from buig_analyse.ingest.drop_meta import read_drop_meta
from buig_analyse.ingest.validate import validate_drop

FROZEN = Path(__file__).resolve().parents[1] / "fixtures" / "drop-formaat-490ec9a"


def test_drop_in_the_format_of_490ec9a_is_still_valid(mapping):
    drop = validate_drop(FROZEN, mapping, history_years=2)
    assert drop.meta.gemeente == "Voorschoten" and drop.meta.verslagjaar == 2017
    assert drop.present["bestand_clienten"] and drop.present["verdeelmodel"]


@pytest.fixture
def drop(tmp_path):
    target = tmp_path / "drop"
    shutil.copytree(FROZEN, target)
    return target


def problems(drop: Path) -> str:
    with pytest.raises(InputValidationError) as info:
        read_drop_meta(drop)
    return str(info.value)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("gemeente: A\ngemeente: B\n", "drop.yaml, rij 2, kolom 'gemeente': dit veld staat er meer dan eens in"),
        ("gemeente: &a Voorschoten\ngemeentecode: *a\n", "YAML-verwijzingen (& en *) zijn niet toegestaan"),
        ("42\n", "verwacht velden als 'naam: waarde'"),
        ("drop_datum: 2017-13-45\n", "ongeldige datum"),
    ],
)  # fmt: skip
def test_drop_yaml_refusals(drop, text, expected):
    (drop / "drop.yaml").write_text(text, encoding="utf-8")
    assert expected in problems(drop)


def test_unknown_drop_yaml_key_is_refused_with_the_allowed_names(drop):
    path = drop / "drop.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "gemeentenaam: Voorschoten\n", encoding="utf-8"
    )
    message = problems(drop)
    assert "kolom 'gemeentenaam': onbekend veld; toegestaan: gemeente, gemeentecode" in message


def test_schema_checks_dtype_and_missing_values():
    """The pandera schema is not a shell: a text year or a missing required amount fails."""
    frame = pd.DataFrame(
        {
            "jaar": ["2016"],
            "versie": ["definitief"],
            "datum": ["2016-09-01"],
            "bedrag": [None],
            "bron": [None],
        }
    )
    with pytest.raises(pa.errors.SchemaErrors) as info:
        schema_for(RIJKSBIJDRAGE).validate(frame, lazy=True)
    cases = info.value.failure_cases
    failed = set(zip(cases["column"], cases["check"], strict=True))
    assert ("jaar", "dtype('int64')") in failed
    assert any(column == "bedrag" and "not_nullable" in check for column, check in failed)


def test_row_rule_inside_the_schema():
    frame = pd.DataFrame(
        {
            "jaar_ontvangen": [2016],
            "jaar_verrekend": [2015],
            "bedrag": [1.0],
            "omschrijving": [None],
        }
    ).astype({"omschrijving": object})
    with pytest.raises(pa.errors.SchemaErrors) as info:
        schema_for(VOORSCHOTTEN).validate(frame, lazy=True)
    assert "een voorschot kan niet worden verrekend vóór het jaar van ontvangst" in set(
        info.value.failure_cases["check"]
    )
