"""The drop's own description, ``drop.yaml``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from buig_analyse.errors import InputValidationError, Problem
from buig_analyse.ingest.contract import YEAR_RANGE


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


def read_drop_meta(drop_dir: Path) -> DropMeta:
    """Read and check drop.yaml."""
    label = "drop.yaml"
    path = drop_dir / label
    if not path.exists():
        raise InputValidationError(
            [Problem(label, None, None, "verplicht bestand ontbreekt in de data-aanlevering")]
        )
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputValidationError(
            [Problem(label, None, None, f"geen geldige YAML ({type(exc).__name__})")]
        ) from exc
    problems = []
    required = {
        "gemeente": str,
        "gemeentecode": str,
        "verslagjaar": int,
        "drop_id": str,
        "drop_datum": (str, dt.date),
    }
    for key, kind in required.items():
        if key not in data:
            problems.append(Problem(label, None, key, "verplicht veld ontbreekt"))
        elif not isinstance(data[key], kind):
            problems.append(Problem(label, None, key, f"ongeldige waarde '{data[key]}'"))
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
