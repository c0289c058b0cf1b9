"""The drop's own description, ``drop.yaml``."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from buig_analyse.errors import InputValidationError, Problem
from buig_analyse.ingest.contract import YEAR_RANGE
from buig_analyse.ingest.guard import read_bytes


@dataclass
class DropMeta:
    """The drop's own description (drop.yaml)."""

    gemeente: str
    gemeentecode: str
    verslagjaar: int
    drop_id: str
    drop_datum: str
    participatie_referentiejaar: int | None = None
    bestand_peildatum: str | None = None


SCHEMA_FILE = Path(__file__).with_name("drop.schema.json")
MAX_BYTES = 64_000  # a drop.yaml is a few lines


class DuplicateKeyError(yaml.YAMLError):
    def __init__(self, key: object, line: int):
        super().__init__(f"duplicate key {key!r}")
        self.key, self.line = key, line


class AliasError(yaml.YAMLError):
    def __init__(self, line: int):
        super().__init__("alias")
        self.line = line


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML without aliases (no alias bombs) and with duplicate keys refused."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise AliasError(self.peek_event().start_mark.line + 1)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise DuplicateKeyError(key, key_node.start_mark.line + 1)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_yaml(text: str) -> object:
    return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 (a SafeLoader subclass)


def schema_problems(data: dict, label: str) -> list[Problem]:
    """drop.yaml checked against its JSON Schema (drop.schema.json), as Dutch problems."""
    import json

    import jsonschema

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    allowed = ", ".join(schema["properties"])
    problems = []
    validator = jsonschema.Draft202012Validator(schema)
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.path)):
        if error.validator == "required":
            for key in schema["required"]:
                if key not in data:
                    problems.append(Problem(label, None, key, "verplicht veld ontbreekt"))
        elif error.validator == "additionalProperties":
            for key in sorted(set(data) - set(schema["properties"]), key=str):
                problems.append(
                    Problem(label, None, str(key)[:40], f"onbekend veld; toegestaan: {allowed}")
                )
        else:
            key = str(error.path[0]) if error.path else None
            value = str(data.get(key, ""))[:40] if key else ""
            problems.append(Problem(label, None, key, f"ongeldige waarde '{value}'"))
    return sorted(set(problems), key=str)


def read_drop_meta(drop_dir: Path) -> DropMeta:
    """Read and check drop.yaml."""
    label = "drop.yaml"
    path = drop_dir / label
    if not os.path.lexists(path):
        raise InputValidationError(
            [Problem(label, None, None, "verplicht bestand ontbreekt in de data-aanlevering")]
        )
    raw = read_bytes(path, drop_dir, label, MAX_BYTES)
    try:
        data = load_yaml(raw.decode("utf-8"))
    except DuplicateKeyError as exc:
        raise InputValidationError(
            [Problem(label, exc.line, str(exc.key), "dit veld staat er meer dan eens in")]
        ) from None
    except AliasError as exc:
        raise InputValidationError(
            [Problem(label, exc.line, None, "YAML-verwijzingen (& en *) zijn niet toegestaan")]
        ) from None
    except UnicodeDecodeError:
        raise InputValidationError(
            [Problem(label, None, None, "geen geldige YAML (sla op als UTF-8-tekst)")]
        ) from None
    except ValueError as exc:  # a date YAML recognises but the calendar does not (2017-13-45)
        raise InputValidationError(
            [Problem(label, None, None, f"ongeldige datum ({str(exc)[:60]}); gebruik JJJJ-MM-DD")]
        ) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise InputValidationError(
            [Problem(label, None, None, f"geen geldige YAML ({type(exc).__name__})")]
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputValidationError(
            [
                Problem(
                    label, None, None, "verwacht velden als 'naam: waarde' (zie het datacontract)"
                )
            ]
        )
    problems = schema_problems(data, label)
    if problems:
        raise InputValidationError(problems)
    code = str(data["gemeentecode"])
    if not (len(code) == 6 and code.startswith("GM") and code[2:].isdigit()):
        problems.append(
            Problem(
                label,
                None,
                "gemeentecode",
                f"'{code}' is geen CBS-gemeentecode (verwacht GM gevolgd door 4 cijfers)",
            )
        )
    year = data["verslagjaar"]
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        problems.append(
            Problem(label, None, "verslagjaar", f"jaar {year} ligt buiten {YEAR_RANGE}")
        )
    drop_date = data["drop_datum"]
    if not isinstance(drop_date, str | dt.date):
        problems.append(Problem(label, None, "drop_datum", "geen datum (JJJJ-MM-DD)"))
        raise InputValidationError(problems)
    if isinstance(drop_date, str):
        try:
            drop_date = dt.date.fromisoformat(drop_date)
        except ValueError:
            problems.append(
                Problem(label, None, "drop_datum", f"'{drop_date}' is geen datum (JJJJ-MM-DD)")
            )
    peildatum = data.get("bestand_peildatum")
    if peildatum is not None:
        try:
            peildatum = (
                peildatum
                if isinstance(peildatum, dt.date)
                else dt.date.fromisoformat(str(peildatum))
            )
        except ValueError:
            problems.append(
                Problem(
                    label, None, "bestand_peildatum", f"'{peildatum}' is geen datum (JJJJ-MM-DD)"
                )
            )
    reference = data.get("participatie_referentiejaar")
    if reference is not None and not isinstance(reference, int):
        problems.append(
            Problem(label, None, "participatie_referentiejaar", f"ongeldige waarde '{reference}'")
        )
    if problems:
        raise InputValidationError(problems)
    return DropMeta(
        gemeente=data["gemeente"],
        gemeentecode=code,
        verslagjaar=year,
        drop_id=data["drop_id"],
        drop_datum=drop_date.isoformat(),
        participatie_referentiejaar=reference,
        bestand_peildatum=peildatum.isoformat() if isinstance(peildatum, dt.date) else None,
    )
