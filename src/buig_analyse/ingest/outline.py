"""The outline of chapter 5 (``narratief/indeling.yaml`` in a drop): which text blocks and which
generated parts, in which order, with which titles. Read with the strict YAML loader of drop.yaml
(no aliases, no duplicate keys) and through the drop's guard."""

from __future__ import annotations

import re
from pathlib import Path

from buig_analyse.errors import InputValidationError, NarrativeError
from buig_analyse.ingest.drop_meta import load_yaml
from buig_analyse.ingest.guard import DEFAULT, read_bytes

# Chapter 5 (from analysis to measures) is laid out by the drop's narratief/indeling.yaml: text
# blocks with any name and title, and the generated parts, in the order staff choose. Without the
# file the generated parts come in this order.
OUTLINE_FILE = "indeling.yaml"
GENERATED_PARTS = {
    "maatregelen": "Maatregelen: budget en uitgaven",
    "besparing": "Plaatsingen en fictieve besparing",
    "scenario": "Scenario: wat een kleiner bestand oplevert",
    "kostenverdeling": "Kostenverdeling binnen het samenwerkingsverband",
}
BLOCK_NAME = re.compile(r"[a-z0-9][a-z0-9_]{0,60}\.md")


def read_outline(
    folder: Path,
    max_bytes: float = DEFAULT.narratief_kb * 1000,
    fixed_sections: tuple[str, ...] = (),
) -> list[dict]:
    """The outline of chapter 5: items ``{"soort": "tekst", "blok": stem, "titel": ...}`` or
    ``{"soort": "onderdeel", "onderdeel": name, "titel": ...}`` in order. A mistake is refused
    with the file and the item's number."""
    path = folder / OUTLINE_FILE
    if not path.is_file():
        return [
            {"soort": "onderdeel", "onderdeel": n, "titel": t} for n, t in GENERATED_PARTS.items()
        ]
    label = f"narratief/{OUTLINE_FILE}"
    try:
        raw = read_bytes(path, folder.parent, label, max_bytes)
        data = load_yaml(raw.decode("utf-8"))
    except InputValidationError as exc:
        raise NarrativeError(str(exc.problems[0])) from None
    except Exception as exc:  # noqa: BLE001 - any YAML or encoding problem is the staff's to fix
        raise NarrativeError(f"{label}: geen geldige YAML ({type(exc).__name__})") from None
    items = data.get("hoofdstuk_5") if isinstance(data, dict) else None
    if not isinstance(items, list) or set(data) != {"hoofdstuk_5"}:
        raise NarrativeError(
            f"{label}: verwacht één sleutel 'hoofdstuk_5' met een lijst van onderdelen "
            "(- bestand: naam.md en titel: ..., of - onderdeel: maatregelen)"
        )
    outline, seen = [], set()
    for number, item in enumerate(items, start=1):
        where = f"{label}, onderdeel {number}"
        if not isinstance(item, dict) or not set(item) <= {"bestand", "onderdeel", "titel"}:
            raise NarrativeError(f"{where}: alleen de sleutels bestand, onderdeel en titel")
        title = item.get("titel")
        if title is not None and (not isinstance(title, str) or not 0 < len(title) <= 120):
            raise NarrativeError(f"{where}: titel moet tekst van 1 tot 120 tekens zijn")
        if ("bestand" in item) == ("onderdeel" in item):
            raise NarrativeError(f"{where}: geef óf bestand óf onderdeel")
        if "bestand" in item:
            name = item["bestand"]
            if not isinstance(name, str) or not BLOCK_NAME.fullmatch(name):
                raise NarrativeError(
                    f"{where}: bestand moet een naam als procedure_rijk.md zijn "
                    "(kleine letters, cijfers en _)"
                )
            stem = name[:-3]
            if stem in fixed_sections or not (folder / name).is_file():
                raise NarrativeError(
                    f"{where}: {name} ontbreekt in narratief/ of is een vast tekstblok"
                )
            if title is None:
                raise NarrativeError(f"{where}: een tekstblok heeft een titel nodig")
            key = ("tekst", stem)
            entry = {"soort": "tekst", "blok": stem, "titel": title}
        else:
            part = item["onderdeel"]
            if part not in GENERATED_PARTS:
                raise NarrativeError(
                    f"{where}: onbekend onderdeel; mogelijk: {', '.join(GENERATED_PARTS)}"
                )
            key = ("onderdeel", part)
            entry = {
                "soort": "onderdeel",
                "onderdeel": part,
                "titel": title or GENERATED_PARTS[part],
            }
        if key in seen:
            raise NarrativeError(f"{where}: staat al eerder in de indeling")
        seen.add(key)
        outline.append(entry)
    return outline
