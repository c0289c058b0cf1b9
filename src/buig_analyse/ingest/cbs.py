"""CBS context without typing (issue 12): ``buig-cbs`` fetches inwoners, particuliere huishoudens
and personen met bijstand per gemeente and for Nederland from CBS StatLine table 70072ned
(Regionale kerncijfers Nederland) with the ``cbsodata`` client, into the reference data::

    buig-cbs --gemeente GM0626 --gemeente GM0629 --jaren 2014-2016   [--uit data/reference/cbs]

It writes ``cbs_70072ned.csv`` (the columns of the drop's ``cbs_bevolking.csv``; rows for other
gemeenten or years already in the file stay) and ``cbs_70072ned.bron.json``: table id, periods and
their CBS status, download date, the measure behind each column (key, title, unit) and the CSV's
SHA-256. A drop without its own ``cbs_bevolking.csv`` takes its gemeente's and Nederland's rows
from there (the validation marks where they came from; Herkomst lists both files with their hash).
A report run never touches the network: only this command does.

The measures are found in the table's DataProperties by the stem of their key (``TotaleBevolking``
for ``TotaleBevolking_1``): CBS renumbers the suffix between versions of the table. Values in a
unit of ``x 1 000`` are multiplied back and the file says so. cbsodata answers dimension values
with their titles, not their codes; the titles are mapped back to codes with the table's own
RegioS and Perioden lists. At most 25 gemeenten per query (CBS refuses answers above 10.000 rows).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

TABLE = "70072ned"
NEDERLAND = "NL01"
CSV_NAME = f"cbs_{TABLE}.csv"
STAMP_NAME = f"cbs_{TABLE}.bron.json"
COLUMNS = ("jaar", "gebied", "inwoners", "huishoudens", "personen_bijstand")
# Our column -> the key stems that carry it in 70072ned, in order of preference.
MEASURES = {
    "inwoners": ("TotaleBevolking",),
    "huishoudens": ("TotaalAantalParticuliereHuishoudens", "ParticuliereHuishoudens"),
    "personen_bijstand": ("BijstandTotDeAOWLeeftijd",),
}
UNITS = {"aantal": 1, "x 1 000": 1000, "x 1000": 1000}
BATCH = 25


class CbsError(Exception):
    """A Dutch message for the person who runs the command."""


@dataclass(frozen=True)
class Measure:
    column: str
    key: str
    title: str
    unit: str
    factor: int


def _stem(key: str) -> str:
    return re.sub(r"_\d+$", "", key)


def find_measures(properties: Iterable[dict]) -> dict[str, Measure]:
    """The measure of each of our columns in the table's DataProperties, by key stem."""
    by_stem: dict[str, list[dict]] = {}
    for prop in properties:
        if prop.get("Type") in (None, "Topic") and prop.get("Key"):
            by_stem.setdefault(_stem(prop["Key"]), []).append(prop)
    found = {}
    for column, stems in MEASURES.items():
        matches = next((by_stem[s] for s in stems if s in by_stem), None)
        if not matches:
            raise CbsError(
                f"CBS-tabel {TABLE} heeft geen onderwerp {' of '.join(stems)} (voor kolom "
                f"{column}); de tabel is veranderd: pas MEASURES in ingest/cbs.py aan"
            )
        if len(matches) > 1:
            keys = ", ".join(m["Key"] for m in matches)
            raise CbsError(f"CBS-tabel {TABLE}: meer dan één onderwerp voor {column}: {keys}")
        prop = matches[0]
        unit = (prop.get("Unit") or "").strip()
        if unit.lower() not in UNITS:
            raise CbsError(
                f"CBS-tabel {TABLE}, onderwerp {prop['Key']}: onbekende eenheid '{unit}' "
                f"(verwacht: {', '.join(UNITS)})"
            )
        found[column] = Measure(
            column, prop["Key"], prop.get("Title", ""), unit, UNITS[unit.lower()]
        )
    return found


def _code_by_title(items: Iterable[dict], wanted: set[str]) -> dict[str, str]:
    """Title -> key for the wanted keys of a dimension (keys are space-padded in some tables)."""
    mapping: dict[str, str] = {}
    for item in items:
        key = str(item.get("Key", "")).strip()
        if key in wanted:
            title = str(item.get("Title", "")).strip()
            if title in mapping and mapping[title] != key:
                raise CbsError(f"CBS-tabel {TABLE}: twee gebieden heten '{title}'")
            mapping[title] = key
    return mapping


def _year_of(period_key: str) -> int | None:
    match = re.fullmatch(r"(\d{4})JJ00", period_key.strip())
    return int(match.group(1)) if match else None


def fetch_rows(
    client, codes: list[str], years: list[int]
) -> tuple[list[dict], dict[str, Measure], dict[int, str]]:
    """Rows (jaar, gebied and our three columns, whole numbers) for the gemeenten ``codes`` and
    Nederland, from ``client`` (the cbsodata module, or a stand-in with its get_meta/get_data)."""
    for code in codes:
        if not re.fullmatch(r"GM\d{4}", code):
            raise CbsError(f"gemeentecode '{code}' is geen CBS-code als GM0626")
    measures = find_measures(client.get_meta(TABLE, "DataProperties"))
    regions = [*sorted(set(codes)), NEDERLAND]
    region_titles = _code_by_title(client.get_meta(TABLE, "RegioS"), set(regions))
    missing = sorted(set(regions) - set(region_titles.values()))
    if missing:
        raise CbsError(f"CBS-tabel {TABLE} kent de gebieden {', '.join(missing)} niet")
    period_keys = {f"{y}JJ00" for y in years}
    periods = {
        str(p["Key"]).strip(): p for p in client.get_meta(TABLE, "Perioden")
        if str(p["Key"]).strip() in period_keys
    }  # fmt: skip
    absent = sorted(period_keys - set(periods))
    if absent:
        raise CbsError(f"CBS-tabel {TABLE} heeft (nog) geen cijfers over {', '.join(absent)}")
    period_titles = {str(p.get("Title", "")).strip(): k for k, p in periods.items()}
    status = {_year_of(k): str(p.get("Status", "") or "").strip() for k, p in periods.items()}
    select = ["RegioS", "Perioden", *(m.key for m in measures.values())]
    in_periods = " or ".join(f"Perioden eq '{k}'" for k in sorted(period_keys))
    rows = []
    for start in range(0, len(regions), BATCH):
        batch = regions[start : start + BATCH]
        in_regions = " or ".join(f"startswith(RegioS,'{code}')" for code in batch)
        answer = client.get_data(TABLE, filters=f"({in_regions}) and ({in_periods})", select=select)
        for record in answer:
            region = region_titles.get(str(record["RegioS"]).strip())
            period = period_titles.get(str(record["Perioden"]).strip())
            if region not in batch or period is None:
                continue  # startswith may also match a longer code; only what was asked
            row = {"jaar": _year_of(period), "gebied": region}
            for column, measure in measures.items():
                value = record.get(measure.key)
                if value is None or str(value).strip() in ("", "."):
                    raise CbsError(
                        f"CBS-tabel {TABLE}: geen waarde voor {measure.key} ({column}) van "
                        f"{region} in {row['jaar']}"
                    )
                row[column] = round(float(value) * measure.factor)
            rows.append(row)
    got = {(r["jaar"], r["gebied"]) for r in rows}
    lacking = sorted(f"{g} {y}" for g in regions for y in years if (y, g) not in got)
    if lacking:
        raise CbsError(f"CBS-tabel {TABLE} gaf geen cijfers voor: {', '.join(lacking)}")
    return rows, measures, status


def merge_rows(existing: list[dict], new: list[dict]) -> list[dict]:
    """The rows of the file with the new ones replacing those of the same year and area."""
    merged = {(int(r["jaar"]), r["gebied"]): r for r in existing}
    merged.update({(r["jaar"], r["gebied"]): r for r in new})
    return [merged[key] for key in sorted(merged)]


def csv_text(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=";", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row[c] for c in COLUMNS})
    return out.getvalue()


def stamp(
    text: str,
    measures: dict[str, Measure],
    status: dict[int, str],
    codes: list[str],
    today: dt.date,
    earlier: dict | None = None,
) -> dict:
    """Where the file comes from: the table, the measures, the file's SHA-256 and every fetch that
    wrote rows to it (which areas and periods with their CBS status, on which date); a fetch for
    the same areas and periods replaces the earlier one."""
    fetch = {
        "opgehaald_op": today.isoformat(),
        "gebieden": [*sorted(set(codes)), NEDERLAND],
        "perioden": {str(y): status.get(y, "") for y in sorted(status)},
    }
    fetches = [
        f for f in (earlier or {}).get("ophalingen", [])
        if (f.get("gebieden"), sorted(f.get("perioden", {}))) != (fetch["gebieden"], sorted(fetch["perioden"]))
    ]  # fmt: skip
    scaled = any(m.factor != 1 for m in measures.values())
    return {
        "bron": "CBS StatLine",
        "tabel": TABLE,
        "url": f"https://opendata.cbs.nl/statline/#/CBS/nl/dataset/{TABLE}/table",
        "onderwerpen": {
            m.column: {"sleutel": m.key, "titel": m.title, "eenheid": m.unit, "factor": m.factor}
            for m in measures.values()
        },
        "let_op": "eenheid 'x 1 000' is met 1.000 vermenigvuldigd en dus afgerond op duizendtallen"
        if scaled
        else "",
        "bestand": CSV_NAME,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "ophalingen": [*fetches, fetch],
    }


def context_note(data: dict, gemeentecode: str) -> dict:
    """What Herkomst says about the CBS context of one gemeente: the table, the note on units and
    the fetches that hold its rows."""
    return {
        "tabel": data.get("tabel"),
        "let_op": data.get("let_op", ""),
        "ophalingen": [
            f for f in data.get("ophalingen", []) if gemeentecode in f.get("gebieden", [])
        ],
    }


def _read_existing(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def _years(text: str) -> list[int]:
    match = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", text)
    if not match:
        raise argparse.ArgumentTypeError(f"'{text}' is geen jaar of reeks als 2014-2016")
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    if last < first or last - first > 30:
        raise argparse.ArgumentTypeError(f"'{text}' is geen bruikbare reeks jaren")
    return list(range(first, last + 1))


def run(
    codes: list[str], years: list[int], folder: Path, client, today: Callable[[], dt.date]
) -> Path:
    rows, measures, status = fetch_rows(client, codes, years)
    target, stamp_path = folder / CSV_NAME, folder / STAMP_NAME
    text = csv_text(merge_rows(_read_existing(target), rows))
    try:
        earlier = (
            json.loads(stamp_path.read_text(encoding="utf-8")) if stamp_path.is_file() else None
        )
    except ValueError:
        earlier = None
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    data = stamp(text, measures, status, codes, today(), earlier)
    stamp_path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return target


def main(argv: list[str] | None = None, client=None) -> int:
    parser = argparse.ArgumentParser(
        prog="buig-cbs",
        description=f"Haal inwoners, huishoudens en personen met bijstand uit CBS-tabel {TABLE}.",
    )
    parser.add_argument("--gemeente", action="append", required=True, help="CBS-code, bv. GM0626")
    parser.add_argument("--jaren", type=_years, required=True, help="jaar of reeks, bv. 2014-2016")
    parser.add_argument("--uit", type=Path, default=Path("data/reference/cbs"), help="doelmap")
    args = parser.parse_args(argv)
    if client is None:
        try:
            import cbsodata as client
        except ImportError:  # pragma: no cover - installed with the project
            print("buig-cbs: het pakket cbsodata ontbreekt (pip install cbsodata)", file=sys.stderr)
            return 2
    try:
        target = run(args.gemeente, args.jaren, args.uit, client, dt.date.today)
    except CbsError as exc:
        print(f"buig-cbs: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # network (requests' errors are OSErrors) or the target folder
        print(
            f"buig-cbs: CBS StatLine niet bereikbaar of map niet schrijfbaar: {exc}",
            file=sys.stderr,
        )
        return 1
    print(f"CBS-cijfers geschreven naar {target} (bron: {target.with_name(STAMP_NAME).name})")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
