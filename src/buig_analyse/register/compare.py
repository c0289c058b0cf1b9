"""Compare two figure registers: two drops of the same gemeente (last year's and this year's) or two
runs of one drop. Per figure id: old and new value, and which input cells changed.

    buig-vergelijk OUD/figurenregister.json NIEUW/figurenregister.json [--alles] [--json]

Only figures whose value differs (or that exist in one register only) are listed, unless --alles.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from buig_analyse.register.figures import Register, Source, loads_figures
from buig_analyse.register.formatting import format_value


@dataclass(frozen=True)
class Difference:
    id: str
    old: object
    new: object
    unit: str
    changed_cells: tuple[
        str, ...
    ]  # input cells whose value differs, as "file rij N kolom c: a -> b"

    @property
    def kind(self) -> str:
        if self.old is None and self.new is not None:
            return "nieuw"
        if self.new is None and self.old is not None:
            return "vervallen"
        return "gewijzigd" if self.old != self.new else "gelijk"


def _cells(register: Register, figure_id: str) -> dict[tuple, Source]:
    return {(s.file, s.sheet, s.row, s.column): s for s in register.inputs(figure_id)}


def compare(old: Register, new: Register, everything: bool = False) -> list[Difference]:
    """The differences between two registers, in the order of the new register (figures that only
    the old one has come last)."""
    out = []
    ids = list(new.figures) + [fid for fid in old.figures if fid not in new]
    for fid in ids:
        before = old[fid] if fid in old else None
        after = new[fid] if fid in new else None
        old_value = before.value if before else None
        new_value = after.value if after else None
        if old_value == new_value and not everything:
            continue
        changed = []
        if before and after:
            cells_old, cells_new = _cells(old, fid), _cells(new, fid)
            for key in sorted(set(cells_old) | set(cells_new), key=str):
                a, b = cells_old.get(key), cells_new.get(key)
                if a is None or b is None or a.value != b.value or a.suppressed != b.suppressed:
                    cell = a or b
                    where = f"{cell.file} rij {cell.row} kolom {cell.column}"
                    was = a.value_text() if a else "(niet gebruikt)"
                    now = b.value_text() if b else "(niet gebruikt)"
                    changed.append(f"{where}: {was} -> {now}")
        unit = (after or before).unit
        out.append(Difference(fid, old_value, new_value, unit, tuple(changed)))
    return out


def as_text(differences: list[Difference]) -> str:
    if not differences:
        return "Geen verschillen."
    lines = []
    for d in differences:
        lines.append(
            f"{d.id} ({d.kind}): {format_value(d.old, d.unit)} -> {format_value(d.new, d.unit)}"
        )
        lines += [f"    invoer {cell}" for cell in d.changed_cells]
    return "\n".join(lines)


def load(path: Path) -> Register:
    register = Register()
    register.extend(loads_figures(Path(path).read_text(encoding="utf-8")))
    return register


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="buig-vergelijk",
        description="Vergelijk twee figurenregisters: per cijfer de oude en nieuwe waarde en de "
        "gewijzigde invoercellen.",
    )
    parser.add_argument("oud", type=Path, help="figurenregister.json van de eerdere versie")
    parser.add_argument("nieuw", type=Path, help="figurenregister.json van de nieuwe versie")
    parser.add_argument("--alles", action="store_true", help="ook de gelijke cijfers tonen")
    parser.add_argument("--json", action="store_true", help="als JSON")
    args = parser.parse_args(argv)
    for path in (args.oud, args.nieuw):
        if not path.is_file():
            print(f"Bestand niet gevonden: {path}", file=sys.stderr)
            return 2
    found = compare(load(args.oud), load(args.nieuw), args.alles)
    if args.json:
        print(
            json.dumps([asdict(d) | {"soort": d.kind} for d in found], ensure_ascii=False, indent=1)
        )
    else:
        print(as_text(found))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
