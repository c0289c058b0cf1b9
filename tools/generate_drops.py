"""Synthetic, contract-valid data drops for a national run (issue 12): N gemeenten of varied size
(1.000 to 100.000 households, log-uniform) with varied results, so that every vangnet outcome occurs
(overschot, tekort below the threshold, in the 50% band, above the upper band), and some optional
inputs absent. Deterministic from the seed: the same arguments give byte-identical files.

Each drop is the sample drop (data/raw/voorschoten/2017) scaled to the gemeente's size: budgets,
SiSa amounts, caseload and population by the size factor, the lasten of 2015 and 2016 set so that the
shortfall is the drawn share of the budget. The client-level export, chapter 5's inputs and the
narrative are left out (they are optional; a synthetic client file would be synthetic personal data
for no gain). Names are fictitious (Proefgemeente 001, code GM9001).

    .venv/bin/python tools/generate_drops.py --aantal 342 --seed 1 --uit data/landelijk/raw
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import random
from pathlib import Path

from buig_analyse.ingest.dutch_numbers import parse_dutch_decimal

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "raw" / "voorschoten" / "2017"
SAMPLE_CODE, SAMPLE_NAME = "GM0626", "Voorschoten"
SAMPLE_HOUSEHOLDS = 10_960  # cbs_bevolking.csv 2016
YEAR = 2017
# Shortfall 2016 as a share of the budget, cycled so that every outcome occurs: overschot (> 5%,
# 0-5%), tekort 0-5%, 5-7,5% (no vangnet), 7,5-10% (half of it above 5%), > 10% (in full above U).
SHORTFALL_SHARES = (-0.08, -0.02, 0.03, 0.06, 0.09, 0.14, 0.22)
# Optional inputs a drop leaves out, by the drop's number modulo 5.
LEFT_OUT = {
    1: ("benchmark",),
    2: ("verdeelmodel", "verdeelmodel_huishoudens"),
    3: ("voorschotten",),
}
INDICATORS = (  # SiSa G2 indicator, description, side (lasten/baten), share of the side
    ("G2/01", "Besteding algemene bijstand", "lasten", 0.915),
    ("G2/02", "Baten algemene bijstand (terugvordering, verhaal, boetes)", "baten", 0.85),
    ("G2/03", "Besteding IOAW", "lasten", 0.05),
    ("G2/04", "Baten IOAW", "baten", 0.06),
    ("G2/05", "Besteding IOAZ", "lasten", 0.004),
    ("G2/06", "Baten IOAZ", "baten", 0.0),
    ("G2/07", "Besteding Bbz 2004 levensonderhoud beginnende zelfstandigen", "lasten", 0.011),
    ("G2/08", "Baten Bbz 2004 levensonderhoud beginnende zelfstandigen", "baten", 0.09),
    ("G2/09", "Besteding loonkostensubsidie", "lasten", 0.02),
)


def dutch(value: float, decimals: int = 0) -> str:
    """4372242 -> 4.372.242; with decimals: 4.401.230,17."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def number(text: str) -> float:
    """A cell of the sample drop, read as the pipeline reads it."""
    return float(parse_dutch_decimal(text))


def read(name: str) -> list[dict]:
    with (SAMPLE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def write(path: Path, rows: list[dict], columns: list[str]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, delimiter=";", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode("utf-8"))


def scaled(rows: list[dict], columns: dict[str, int], factor: float) -> list[dict]:
    """Rows with the given columns (name -> decimals) multiplied by ``factor``; empty cells stay."""
    out = []
    for row in rows:
        new = dict(row)
        for column, decimals in columns.items():
            if new[column]:
                new[column] = dutch(number(new[column]) * factor, decimals)
        out.append(new)
    return out


def budget(year: int, factor: float) -> float:
    row = next(
        r
        for r in read("rijksbijdrage.csv")
        if r["jaar"] == str(year) and r["versie"] == "definitief"
    )
    return round(number(row["bedrag"]) * factor)


def sisa(year: int, factor: float, share: float) -> tuple[list[dict], float, float]:
    """SiSa rows of a year whose netto lasten are the budget x (1 + share); (rows, lasten, baten)."""
    amount = budget(year, factor)
    baten = round({2015: 132_624, 2016: 77_110}[year] * factor)
    lasten = round(amount * (1 + share) + baten)
    rows = [{"jaar": year, "indicator": "G2/00", "omschrijving": "Rijksbijdrage BUIG (beschikking definitief)", "bedrag": dutch(amount, 2)}]  # fmt: skip
    totals = {"lasten": lasten, "baten": baten}
    left = dict(totals)
    parts = [p for p in INDICATORS]
    for index, (code, text, side, portion) in enumerate(parts):
        last = all(p[2] != side for p in parts[index + 1 :])
        value = left[side] if last else round(totals[side] * portion)
        left[side] -= value
        rows.append(
            {"jaar": year, "indicator": code, "omschrijving": text, "bedrag": dutch(value, 2)}
        )
    return rows, lasten, baten


def drop(out: Path, number_: int, rng: random.Random) -> Path:
    households = round(math.exp(rng.uniform(math.log(1_000), math.log(100_000))))
    factor = households / SAMPLE_HOUSEHOLDS
    share = SHORTFALL_SHARES[number_ % len(SHORTFALL_SHARES)] + rng.uniform(-0.005, 0.005)
    code, name = f"GM{9000 + number_:04d}", f"Proefgemeente {number_:03d}"
    folder = out / f"proefgemeente-{number_:03d}" / str(YEAR)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "drop.yaml").write_text(
        f"# Synthetische data-aanlevering (tools/generate_drops.py), fictief.\n"
        f"gemeente: {name}\ngemeentecode: {code}\nverslagjaar: {YEAR}\n"
        f"drop_id: proefgemeente-{number_:03d}-{YEAR}\ndrop_datum: {YEAR}-06-01\n"
        "participatie_referentiejaar: 2012\n",
        encoding="utf-8",
    )
    totals = []
    for year, year_share in ((2015, share - 0.01), (2016, share)):
        rows, lasten, baten = sisa(year, factor, year_share)
        write(
            folder / "sisa" / f"sisa_G2_{year}.csv",
            rows,
            ["jaar", "indicator", "omschrijving", "bedrag"],
        )
        totals += [
            {"jaar": year, "soort": "lasten", "bedrag": dutch(lasten), "bron": "synthetisch"},
            {"jaar": year, "soort": "baten", "bedrag": dutch(baten), "bron": "synthetisch"},
        ]
    write(folder / "controletotalen.csv", totals, ["jaar", "soort", "bedrag", "bron"])
    spend = (budget(2016, factor) * (1 + share) + 77_110 * factor) / (4_781_948 * factor)
    files = {
        "rijksbijdrage.csv": {"bedrag": 0},
        "voorschotten.csv": {"bedrag": 0},
        "meerjarenraming.csv": {"baten": 0},
        "participatiebudget.csv": {"rijksbijdrage": 0, "uitgaven": 0},
        "statushouders.csv": {"extra_statushouders": 0},
        "groeiprognose.csv": {},
        "benchmark.csv": {},
    }
    for file, columns in files.items():
        rows = read(file)
        if file.removesuffix(".csv") in LEFT_OUT.get(number_ % 5, ()):
            continue
        write(folder / file, scaled(rows, columns, factor), list(rows[0]))
    lopend = read("uitgaven_lopend_jaar.csv")
    write(
        folder / "uitgaven_lopend_jaar.csv",
        scaled(lopend, {"bedrag": 2}, factor * spend),
        list(lopend[0]),
    )
    monthly = scaled(read("bestand_maand.csv"), {"aantal": 0}, factor)
    write(folder / "bestand_maand.csv", monthly, ["jaar", "maand", "regeling", "aantal"])
    population = [
        dict(r, gebied=code) if r["gebied"] == SAMPLE_CODE else r for r in read("cbs_bevolking.csv")
    ]
    population = [
        scaled([r], {"inwoners": 0, "huishoudens": 0, "personen_bijstand": 0}, factor)[0]
        if r["gebied"] == code else r
        for r in population
    ]  # fmt: skip
    write(folder / "cbs_bevolking.csv", population, list(population[0]))
    if "verdeelmodel" not in LEFT_OUT.get(number_ % 5, ()):
        model = [
            dict(r, gemeentecode=code) if r["gemeentecode"] == SAMPLE_CODE else r
            for r in read("verdeelmodel.csv")
        ]
        model = [scaled([r], {"werkelijk": 0, "voorspeld": 1}, factor)[0] if r["gemeentecode"] == code else r for r in model]  # fmt: skip
        write(folder / "verdeelmodel.csv", model, list(model[0]))
        houses = [
            dict(r, gemeentecode=code, gemeente=name, huishoudens=dutch(households))
            if r["gemeentecode"] == SAMPLE_CODE else r
            for r in read("verdeelmodel_huishoudens.csv")
        ]  # fmt: skip
        write(folder / "verdeelmodel_huishoudens.csv", houses, list(houses[0]))
    return folder


def generate(out: Path, count: int, seed: int) -> list[Path]:
    """``count`` drops under ``out`` (one folder per gemeente), deterministic from ``seed``."""
    rng = random.Random(seed)
    return [drop(Path(out), number_, rng) for number_ in range(1, count + 1)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--aantal", type=int, default=10, help="aantal gemeenten (1-999)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--uit", type=Path, default=ROOT / "data" / "landelijk" / "raw")
    args = parser.parse_args()
    if not 1 <= args.aantal <= 999:
        parser.error("--aantal moet tussen 1 en 999 liggen")
    made = generate(args.uit, args.aantal, args.seed)
    print(f"{len(made)} data-aanleveringen geschreven onder {args.uit}")


if __name__ == "__main__":
    main()
