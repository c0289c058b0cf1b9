"""``buig-explain <figure-id>``: for an auditor, one figure of a report with its value, how it is
computed, the figures it derives from (as a tree, with their values) and the input cells with
their values, from the figure register written next to the report.

Usage:
    buig-explain vangnet.uitkering.2016                 (the only report under results/)
    buig-explain vangnet.uitkering.2016 --drop voorschoten/2017
    buig-explain --register path/to/figurenregister.json budget.resultaat.2016
    buig-explain --list budget.                         (ids that start with a prefix)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from buig_analyse.register.figures import Register, loads_figures
from buig_analyse.register.formatting import format_value


def find_register(results: Path, drop: str | None) -> Path:
    """The register of one drop under ``results`` (results/<gemeente>/<jaar>/rapport/)."""
    if drop:
        path = results / drop / "rapport" / "figurenregister.json"
        if not path.exists():
            raise SystemExit(
                f"Geen figurenregister voor {drop}: {path} bestaat niet (draai eerst 'make report')."
            )
        return path
    found = sorted(results.glob("*/*/rapport/figurenregister.json"))
    if not found:
        raise SystemExit(
            f"Geen figurenregister gevonden onder {results} (draai eerst 'make report')."
        )
    if len(found) > 1:
        drops = [p.parent.parent.relative_to(results).as_posix() for p in found]
        if sys.stdin.isatty():
            return found[_ask(drops)]
        raise SystemExit(
            "Er zijn meerdere rapporten; kies er één met --drop (of make explain ID=... DROP=...): "
            + ", ".join(drops)
        )
    return found[0]


def _ask(drops: list[str]) -> int:
    """Ask on the terminal which drop's register to use; the index of the answer."""
    print("Er zijn meerdere rapporten:", file=sys.stderr)
    for number, drop in enumerate(drops, start=1):
        print(f"  {number}. {drop}", file=sys.stderr)
    while True:
        answer = input(f"Welk rapport (1-{len(drops)})? ").strip()
        if answer in drops:
            return drops.index(answer)
        if answer.isdigit() and 1 <= int(answer) <= len(drops):
            return int(answer) - 1
        print("Geef een nummer uit de lijst of de naam gemeente/jaar.", file=sys.stderr)


def load(path: Path) -> Register:
    register = Register()
    register.extend(loads_figures(path.read_text(encoding="utf-8")))
    return register


def explain(register: Register, figure_id: str) -> str:
    """The explanation of one figure as text (Dutch)."""
    if figure_id not in register:
        close = [fid for fid in register.figures if fid.startswith(figure_id.rsplit(".", 1)[0])][
            :10
        ]
        hint = f" Bedoelt u: {', '.join(close)}?" if close else ""
        raise KeyError(f"Onbekend cijfer '{figure_id}'.{hint}")
    figure = register[figure_id]
    lines = [
        f"Cijfer:       {figure.id}",
        f"Waarde:       {format_value(figure.value, figure.unit)}   (exact: {figure.value!r}, eenheid {figure.unit})",
        f"Omschrijving: {figure.description}",
        f"Berekening:   {figure.formula}",
    ]
    if figure.derived_from:
        lines.append("Afgeleid van:")
        lines += _tree(register, figure.derived_from, depth=1, seen=set())
    lines.append("Invoer (alle invoercellen, ook via afgeleide cijfers):")
    inputs = register.inputs(figure_id)
    lines += [f"  - {source}" for source in inputs] or ["  (geen)"]
    return "\n".join(lines)


def explain_json(register: Register, figure_id: str) -> dict:
    """The explanation of one figure as data: the figure, every figure it derives from (directly
    or not, each once) and every input cell."""
    from dataclasses import asdict

    if figure_id not in register:
        raise KeyError(f"Onbekend cijfer '{figure_id}'.")
    order: list[str] = []

    def visit(fid: str) -> None:
        for parent in register[fid].derived_from:
            if parent not in order:
                order.append(parent)
                visit(parent)

    visit(figure_id)

    def plain(fid: str) -> dict:
        figure = register[fid]
        return {
            "id": fid,
            "waarde": figure.value,
            "tekst": format_value(figure.value, figure.unit),
            "eenheid": figure.unit,
            "omschrijving": figure.description,
            "berekening": figure.formula,
            "afgeleid_van": list(figure.derived_from),
            "bronnen": [asdict(source) for source in figure.sources],
        }

    return {
        **plain(figure_id),
        "afgeleide_cijfers": [plain(fid) for fid in order],
        "invoercellen": [asdict(source) for source in register.inputs(figure_id)],
    }


def figures_using(register: Register, cell: str) -> list[str]:
    """Reverse lookup: the figures that use an input cell (``bestand.csv:rij`` or
    ``bestand.csv:rij:kolom``), directly or through figures derived from it, in register order."""
    parts = cell.split(":")
    if len(parts) not in (2, 3) or not parts[1].isdigit():
        raise KeyError(f"Geef een invoercel als bestand:rij of bestand:rij:kolom, niet '{cell}'.")
    file, row = parts[0], int(parts[1])
    column = parts[2] if len(parts) == 3 else None
    direct = {
        figure.id
        for figure in register.figures.values()
        for source in figure.sources
        if source.file == file and source.row == row and column in (None, source.column)
    }
    using = set(direct)
    changed = True
    while changed:
        changed = False
        for figure in register.figures.values():
            if figure.id not in using and any(p in using for p in figure.derived_from):
                using.add(figure.id)
                changed = True
    return [fid for fid in register.figures if fid in using]


def _tree(register: Register, ids, depth: int, seen: set[str]) -> list[str]:
    lines = []
    for fid in ids:
        figure = register[fid]
        indent = "  " * depth
        repeat = " (zie boven)" if fid in seen else ""
        lines.append(
            f"{indent}- {fid} = {format_value(figure.value, figure.unit)}: {figure.formula}{repeat}"
        )
        if fid not in seen:
            seen.add(fid)
            for source in figure.sources:
                lines.append(f"{indent}    invoer: {source}")
            lines += _tree(register, figure.derived_from, depth + 1, seen)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="buig-explain", description="Herkomst en berekening van één cijfer uit het rapport."
    )
    parser.add_argument(
        "figure_id",
        nargs="?",
        help="id van het cijfer, zoals in het figurenregister (bijv. vangnet.uitkering.2016)",
    )
    parser.add_argument(
        "--drop", help="gemeente/jaar, bijv. voorschoten/2017 (nodig als er meer rapporten zijn)"
    )
    parser.add_argument("--register", type=Path, help="pad naar een figurenregister.json")
    parser.add_argument(
        "--results",
        type=Path,
        default=Path("results"),
        help="map met de rapporten (standaard: results)",
    )
    parser.add_argument("--list", metavar="PREFIX", help="toon de ids die met PREFIX beginnen")
    parser.add_argument("--json", action="store_true", help="de uitleg als JSON")
    parser.add_argument(
        "--gebruikt",
        metavar="BESTAND:RIJ[:KOLOM]",
        help="welke cijfers gebruiken deze invoercel (bijv. sisa/sisa_G2_2016.csv:3:bedrag)",
    )
    args = parser.parse_args(argv)
    register = load(args.register or find_register(args.results, args.drop))
    if args.list is not None:
        print("\n".join(fid for fid in register.figures if fid.startswith(args.list)))
        return 0
    try:
        if args.gebruikt is not None:
            found = figures_using(register, args.gebruikt)
            if args.json:
                print(json.dumps(found, ensure_ascii=False, indent=1))
            else:
                print("\n".join(found) if found else "Geen cijfer gebruikt deze invoercel.")
            return 0
        if not args.figure_id:
            parser.error("geef een figure_id, --gebruikt of --list")
        if args.json:
            print(json.dumps(explain_json(register, args.figure_id), ensure_ascii=False, indent=1))
        else:
            print(explain(register, args.figure_id))
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
