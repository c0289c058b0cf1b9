"""docs/data-contract.md (the staff's reference) does not drift from the schemas in code: every
table and drop.yaml field documented is in the schema and vice versa, with the same optionality
and the same allowed values."""

from __future__ import annotations

import json
import re

import pytest

from buig_analyse.ingest.contract import DROP_TABLES
from buig_analyse.ingest.drop_meta import SCHEMA_FILE

from ..conftest import ROOT

DOC = (ROOT / "docs" / "data-contract.md").read_text(encoding="utf-8")


def section(title_start: str) -> tuple[str, str]:
    """(heading, body) of the section whose heading starts with ``title_start``."""
    match = re.search(rf"^## {re.escape(title_start)}(?=[\s(]|$)(.*)$", DOC, re.M)
    assert match, f"docs/data-contract.md has no section '## {title_start}'"
    rest = DOC[match.end() :]
    end = re.search(r"^## ", rest, re.M)
    return match.group(0), rest[: end.start() if end else len(rest)]


def rows(body: str) -> dict[str, str]:
    """The rows of the first table of a section: `name` -> type cell."""
    found = {}
    for line in body.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[0].startswith("`") and cells[0].endswith("`"):
            found.setdefault(cells[0].strip("`"), cells[1])
    return found


@pytest.mark.parametrize("spec", DROP_TABLES, ids=lambda s: s.name)
def test_table_columns_match_the_schema(spec):
    heading, body = section("sisa/" if spec.name == "sisa" else spec.name)
    documented = rows(body)
    assert set(documented) == set(spec.columns), heading
    assert ("(optional" in heading) == (not spec.required), heading
    for name, col in spec.columns.items():
        cell = documented[name]
        optional = col.nullable or not col.required
        assert ("optional" in cell) == optional, f"{spec.name}.{name}: {cell}"
        for choice in col.choices:
            if spec.name == "participatiebudget" and name == "versie":
                continue  # documented as "vintage as in rijksbijdrage"
            assert choice in cell or choice.lower() in cell.lower(), f"{spec.name}.{name}: {choice}"


def test_drop_yaml_fields_match_the_json_schema():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    _, body = section("drop.yaml")
    documented = rows(body)
    assert set(documented) == set(schema["properties"])
    for name, cell in documented.items():
        assert ("optional" in cell) == (name not in schema["required"]), name
