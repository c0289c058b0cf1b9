"""Re-check a published register against the raw files: does every input cell the register
records still hold the value it recorded? An auditor runs it on the drop as archived, or after a
file was touched, without running the pipeline:

    buig-invoercontrole --drop voorschoten/2017        (results/<drop>/rapport and data/raw/<drop>)
    buig-invoercontrole --register R.json --raw DIR --reference data/reference

Cells of the client-level export are aggregates (no row is recorded) and privacy-suppressed cells
keep no value: both are skipped, and counted in the summary.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from buig_analyse.errors import InputValidationError
from buig_analyse.ingest.cells import cell_text, cell_value
from buig_analyse.ingest.origin import SOURCE_FILE, SOURCE_ROW


def _same(recorded: object, found: object) -> bool:
    if isinstance(recorded, int | float) and isinstance(found, int | float):
        return abs(float(recorded) - float(found)) < 1e-9
    return recorded == found


def recheck(
    figures: list[dict], drop_dir: Path, reference_dir: Path, history_years: int = 2
) -> tuple[int, int, list[str]]:
    """(cells checked, cells skipped, mismatches in Dutch) for every input cell of a register
    (its JSON: a list of figures with their ``sources``). Kept free of the register layer: ingest
    reads raw files, and this is the only place that compares them with a register."""
    from buig_analyse.ingest.validate import (
        context_from_reference,
        load_reference_tables,
        validate_drop,
    )

    reference = load_reference_tables(reference_dir)
    drop = validate_drop(drop_dir, reference["sisa_g2_indicatoren"], history_years)
    if not drop.present.get("cbs_bevolking"):  # the CBS context from the reference data
        context = context_from_reference(reference_dir, drop.meta.gemeentecode)
        if context is not None:
            reference["cbs_bevolking"] = context
    rows: dict[tuple[str, int], dict] = {}
    for name, frame in [*drop.tables.items(), *reference.items()]:
        if SOURCE_ROW not in frame.columns or name == "bestand_clienten":
            continue
        prefix = "" if name not in reference else f"{reference_dir.as_posix().rstrip('/')}/"
        for record in frame.to_dict("records"):
            file = str(record[SOURCE_FILE]).removeprefix("data/reference/")
            rows[(prefix + file, int(record[SOURCE_ROW]))] = record
    checked, skipped, problems = 0, 0, []
    seen = set()
    for figure in figures:
        for source in figure["sources"]:
            key = (source["file"], source["sheet"], source["row"], source["column"])
            if key in seen:
                continue
            seen.add(key)
            if source["row"] is None or source.get("suppressed") or source["file"] == "config":
                skipped += 1
                continue
            file = source["file"]
            if file.startswith("data/reference/"):
                file = f"{reference_dir.as_posix().rstrip('/')}/{file.split('/', 2)[2]}"
            record = rows.get((file, source["row"]))
            where = f"{source['file']}, rij {source['row']}, kolom {source['column']}"
            if record is None or source["column"] not in record:
                problems.append(f"{where}: de cel bestaat niet meer in de invoer")
                continue
            checked += 1
            found = cell_value(record[source["column"]])
            if not _same(cell_value(source["value"]), found):
                problems.append(
                    f"{where}: in het register {cell_text(source['value'], source['column'])}, "
                    f"in het bestand nu {cell_text(found, source['column'])}"
                )
    return checked, skipped, problems


def main(argv: list[str] | None = None) -> int:
    import json

    parser = argparse.ArgumentParser(
        prog="buig-invoercontrole",
        description="Controleer of de invoercellen in een figurenregister nog overeenkomen met de "
        "bestanden van de data-aanlevering.",
    )
    parser.add_argument("--drop", help="gemeente/jaar, bijv. voorschoten/2017")
    parser.add_argument("--register", type=Path, help="figurenregister.json")
    parser.add_argument("--raw", type=Path, help="map van de data-aanlevering")
    parser.add_argument("--reference", type=Path, default=Path("data/reference"))
    parser.add_argument(
        "--jaren", type=int, default=2, help="history_years van de run (standaard 2, als de config)"
    )
    args = parser.parse_args(argv)
    if args.drop:
        register_path = (
            args.register or Path("results") / args.drop / "rapport" / "figurenregister.json"
        )
        raw = args.raw or Path("data/raw") / args.drop
    elif args.register and args.raw:
        register_path, raw = args.register, args.raw
    else:
        parser.error("geef --drop gemeente/jaar, of --register en --raw")
    if not register_path.is_file():
        print(f"Geen figurenregister: {register_path}", file=sys.stderr)
        return 2
    try:
        figures = json.loads(register_path.read_text(encoding="utf-8"))
        checked, skipped, problems = recheck(figures, raw, args.reference, args.jaren)
    except InputValidationError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if problems:
        print(f"{len(problems)} invoercel(len) wijken af van het register:")
        print("\n".join(f"- {p}" for p in problems))
        return 1
    print(
        f"Alle {checked} invoercellen komen overeen met de bestanden in {raw} "
        f"({skipped} overgeslagen: geaggregeerde, privacy-onderdrukte of config-cellen)."
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
