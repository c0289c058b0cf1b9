"""Generate the ILLUSTRATIVE caseload inputs of the Voorschoten sample drop (run once; the output is
committed under data/raw/voorschoten/2017/ and is read-only from then on).

Figures the seed (000, 4.4-4.5) prints are used exactly: 378 clients at the end of 2015 of whom 326
households in the Participatiewet, 16 extra status holders in 2016, 9.025 households, 46 households
above the verdeelmodel of whom 35 alleenstaanden or eenouderhuishoudens, a net price per benefit
498 above the size class. Everything else is invented, plausible and deterministic (fixed seed).
The client-level file describes synthetic people: keys, birth dates and histories are random.

Usage: python tools/generate_sample_caseload.py
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

DROP = Path(__file__).resolve().parents[1] / "data" / "raw" / "voorschoten" / "2017"
rng = random.Random(20170601)

MONTHS = [(y, m) for y in (2015, 2016, 2017) for m in range(1, 13) if (y, m) <= (2017, 4)]
# Participatiewet households per month (end of month): stable, a very slight rise (seed 4.5).
PW = [315, 316, 318, 318, 319, 320, 321, 322, 322, 324, 325, 326,
      326, 327, 327, 328, 328, 329, 330, 329, 330, 330, 331, 331,
      330, 331, 333, 332]  # fmt: skip
IOAW = [
    38,
    38,
    39,
    39,
    39,
    39,
    40,
    40,
    40,
    40,
    40,
    40,
    41,
    41,
    41,
    41,
    42,
    42,
    42,
    41,
    41,
    41,
    41,
    41,
    41,
    41,
    40,
    40,
]
IOAZ = [4] * 12 + [4, 4, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3] + [3, 3, 3, 3]
BBZ = [9, 9, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7]
assert PW[11] + IOAW[11] + IOAZ[11] + BBZ[11] == 378  # seed 4.5: 378 bijstandsklanten eind 2015

HOUSEHOLDS = [("alleenstaand", 0.58), ("alleenstaande ouder", 0.2), ("gehuwd of samenwonend", 0.22)]
CATEGORIES = [("1A", 0.07), ("1B", 0.1), ("2A", 0.18), ("2B", 0.2), ("3A", 0.25), ("3B", 0.2)]
REASONS = [
    ("werk", 0.42),
    ("verhuizing", 0.14),
    ("inkomen partner", 0.1),
    ("pensioen", 0.1),
    ("onderwijs", 0.04),
    ("overig", 0.2),
]


def pick(options):
    x = rng.random()
    for value, weight in options:
        x -= weight
        if x <= 0:
            return value
    return options[-1][0]


def birth_date(older: bool) -> dt.date:
    age = rng.choice(range(50, 66)) if older else rng.choice(range(19, 50))
    return dt.date(2016 - age, rng.randint(1, 12), rng.randint(1, 28))


def month_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, rng.randint(1, 28))


def generate_clients() -> list[dict]:
    clients: list[dict] = []
    active: list[dict] = []
    for _ in range(PW[0]):
        start = dt.date(rng.randint(2004, 2014), rng.randint(1, 12), rng.randint(1, 28))
        client = new_client(start, status=rng.random() < 0.03)
        clients.append(client)
        active.append(client)
    status_inflow = {2015: 6, 2016: 16, 2017: 3}
    previous = PW[0]
    for index, (year, month) in enumerate(MONTHS):
        if index == 0:
            continue
        inflow = rng.randint(4, 8)
        status_this_month = 0
        if status_inflow.get(year, 0) > 0 and (month % 3 == 0 or month in (1, 4, 7, 10)):
            status_this_month = min(status_inflow[year], 2)
            status_inflow[year] -= status_this_month
        inflow = max(inflow, status_this_month)
        outflow = previous + inflow - PW[index]
        assert outflow >= 0
        leavers = rng.sample(
            [c for c in active if c["startdatum"] < dt.date(year, month, 1)], outflow
        )
        for client in leavers:
            client["einddatum"] = month_day(year, month)
            client["reden_einde"] = (
                "pensioen" if client["geboortedatum"].year <= 1951 else pick(REASONS)
            )
            active.remove(client)
        for k in range(inflow):
            client = new_client(month_day(year, month), status=k < status_this_month)
            clients.append(client)
            active.append(client)
        previous = PW[index]
    for year, rest in status_inflow.items():
        assert rest == 0 or year == 2017, (year, rest)
    return clients


def new_client(start: dt.date, status: bool) -> dict:
    household = pick(HOUSEHOLDS)
    return {
        "client_id": None,  # assigned after generation, without replacement
        "huishoudtype": household,
        "geboortedatum": birth_date(older=rng.random() < 0.42),
        "startdatum": start,
        "einddatum": None,
        "reden_einde": None,
        "categorie": pick(CATEGORIES),
        "statushouder": "ja" if status else "nee",
        "ontheffing": "ja" if rng.random() < 0.27 else "nee",
    }


def write(name: str, header: list[str], rows: list[list[object]]) -> None:
    def cell(v):
        if v is None:
            return ""
        if isinstance(v, dt.date):
            return v.isoformat()
        return str(v)

    lines = [";".join(header)] + [";".join(cell(v) for v in row) for row in rows]
    (DROP / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    rows = []
    for index, (year, month) in enumerate(MONTHS):
        for regeling, series in (
            ("participatiewet", PW),
            ("ioaw", IOAW),
            ("ioaz", IOAZ),
            ("bbz", BBZ),
        ):
            rows.append([year, month, regeling, series[index]])
    write("bestand_maand.csv", ["jaar", "maand", "regeling", "aantal"], rows)

    clients = generate_clients()
    for client, number in zip(clients, rng.sample(range(10**5, 10**6), len(clients)), strict=True):
        client["client_id"] = f"VS-{number}"
    ids = [c["client_id"] for c in clients]
    assert len(ids) == len(set(ids))
    columns = ["client_id", "huishoudtype", "geboortedatum", "startdatum", "einddatum", "reden_einde",
               "categorie", "statushouder", "ontheffing"]  # fmt: skip
    write(
        "bestand_clienten.csv",
        columns,
        [[c[k] for k in columns] for c in sorted(clients, key=lambda c: c["client_id"])],
    )

    write("cbs_bevolking.csv", ["jaar", "gebied", "inwoners", "huishoudens", "personen_bijstand"], [
        [2014, "GM0626", "24.780", "10.840", 415], [2015, "GM0626", "24.950", "10.900", 432],
        [2016, "GM0626", "25.160", "10.960", 441],
        [2014, "NL01", "16.829.289", "7.587.950", "433.000"], [2015, "NL01", "16.900.726", "7.640.000", "454.000"],
        [2016, "NL01", "16.979.120", "7.700.000", "472.000"],
    ])  # fmt: skip

    write("benchmark.csv", ["jaar", "indicator", "omschrijving", "eenheid", "eigen", "grootteklasse", "landelijk", "hoger_is_beter"], [
        [2016, "netto_prijs_per_uitkering", "Netto prijs per uitkering", "euro per uitkering", "13.748", "13.250", "12.980", "nee"],
        [2016, "volumeontwikkeling", "Volumeontwikkeling bijstand", "procent", "1,5", "3,2", "4,1", "nee"],
        [2016, "instroom", "Instroom in % van het bestand", "procent", "22,0", "24,5", "25,8", "nee"],
        [2016, "uitstroom", "Uitstroom in % van het bestand", "procent", "21,0", "23,0", "22,4", "ja"],
        [2016, "uitstroom_werk", "Uitstroom naar werk in % van het bestand", "procent", "7,8", "8,2", "8,9", "ja"],
        [2016, "uitstroom_onderwijs", "Uitstroom naar onderwijs in % van het bestand", "procent", "0,9", "2,1", "2,3", "ja"],
        [2016, "doorstroom_ww", "Instroom vanuit de WW in % van de instroom", "procent", "31,0", "24,0", "23,5", "nee"],
        [2016, "parttime_werk", "Uitkeringen met inkomsten uit deeltijdwerk in %", "procent", "6,5", "9,8", "10,4", "ja"],
        [2016, "ontheffingen", "Uitkeringen met ontheffing van de arbeidsplicht in %", "procent", "28,0", "31,0", "33,0", "nee"],
        [2016, "maatregelen", "Opgelegde maatregelen per 100 uitkeringen", "aantal", "4,1", "5,6", "6,2", "ja"],
    ])  # fmt: skip

    model = {
        ("GM0626", "Voorschoten", 9025): [("alleenstaand", 178, "150,2"), ("eenouder", 62, "54,7"),
                                          ("paar zonder kinderen", 41, "35,6"), ("paar met kinderen", 33, "30,1"),
                                          ("overig", 12, "9,0")],
        ("GM0518", "'s-Gravenhage", 263000): [("alleenstaand", 12100, "10.610,0"), ("eenouder", 4300, "3.820,0"),
                                              ("paar zonder kinderen", 1900, "1.850,0"), ("paar met kinderen", 2600, "2.470,0"),
                                              ("overig", 600, "500,0")],
        ("GM0344", "Utrecht", 160000): [("alleenstaand", 5200, "5.020,0"), ("eenouder", 1900, "1.820,0"),
                                        ("paar zonder kinderen", 600, "600,0"), ("paar met kinderen", 900, "870,0"),
                                        ("overig", 300, "270,0")],
        ("GM0268", "Nijmegen", 85000): [("alleenstaand", 3700, "3.420,0"), ("eenouder", 1300, "1.180,0"),
                                        ("paar zonder kinderen", 450, "430,0"), ("paar met kinderen", 650, "620,0"),
                                        ("overig", 200, "170,0")],
        ("GM1641", "Maasgouw", 10200): [("alleenstaand", 140, "137,0"), ("eenouder", 50, "49,5"),
                                        ("paar zonder kinderen", 40, "39,0"), ("paar met kinderen", 38, "38,5"),
                                        ("overig", 12, "12,0")],
        ("GM0851", "Steenbergen", 10000): [("alleenstaand", 120, "125,0"), ("eenouder", 48, "50,0"),
                                           ("paar zonder kinderen", 35, "37,0"), ("paar met kinderen", 37, "38,0"),
                                           ("overig", 10, "12,0")],
        ("GM0352", "Wijk bij Duurstede", 9800): [("alleenstaand", 135, "136,0"), ("eenouder", 55, "54,0"),
                                                 ("paar zonder kinderen", 30, "35,0"), ("paar met kinderen", 40, "42,0"),
                                                 ("overig", 10, "16,0")],
    }  # fmt: skip
    rows = []
    household_rows = []
    for (code, name, households), categories in model.items():
        household_rows.append([code, name, f"{households:,}".replace(",", ".")])
        for category, actual, predicted in categories:
            rows.append([code, category, actual, predicted])
    write("verdeelmodel.csv", ["gemeentecode", "categorie", "werkelijk", "voorspeld"], rows)
    write(
        "verdeelmodel_huishoudens.csv", ["gemeentecode", "gemeente", "huishoudens"], household_rows
    )

    write("statushouders.csv", ["jaar", "extra_statushouders", "bron"], [
        [2015, 6, "illustratief"], [2016, 16, "Analyse BUIG Voorschoten 2017, 4.5"],
    ])  # fmt: skip


if __name__ == "__main__":
    main()
