"""All input validation in one place: the data contract of docs/data-contract.md as code.

Each raw file is read (:mod:`buig_analyse.readers`), its cells are parsed by column kind (Dutch
notation), and the typed table is checked with a pandera schema built from the same column specs
(ranges, allowed values, duplicate keys). Cross-file rules (missing years, unknown indicator codes)
follow. Every violation becomes a :class:`~buig_analyse.errors.Problem` naming file, row and column;
any problem stops the run before anything downstream is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import yaml

from .drop_layout import TABLE_FILES, drop_input_files, sisa_files
from .dutch_numbers import NumberFormatError, is_blank, parse_dutch_decimal
from .errors import InputValidationError, Problem
from .readers import SOURCE_COLUMNS, SOURCE_ROW, read_table

VINTAGES = ("voorlopig", "nader voorlopig", "definitief", "prognose")
PLAN_KINDS = ("begroting", "prognose", "aanname")
COMPONENTS = (
    "algemene bijstand",
    "ioaw",
    "ioaz",
    "bbz levensonderhoud",
    "loonkostensubsidie",
    "totaal",
)
SIDES = ("lasten", "baten", "rijksbijdrage")  # rijksbijdrage: only for the reconciliation check
YEAR_RANGE = (1990, 2100)


@dataclass(frozen=True)
class Col:
    """One column of the data contract."""

    kind: str  # year | money | pct | count | text | choice | date | period
    required: bool = True
    nullable: bool = False
    choices: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True)
class TableSpec:
    """One input table: its columns, its key and whether a drop must have it. ``personal`` marks
    client-level personal data: messages then never repeat a cell's value."""

    name: str
    columns: dict[str, Col]
    key: tuple[str, ...] = ()
    required: bool = True
    description: str = ""
    personal: bool = False


SISA = TableSpec(
    "sisa",
    {
        "jaar": Col("year"),
        "indicator": Col("text"),
        "omschrijving": Col("text", nullable=True),
        "bedrag": Col("money"),
    },
    key=("jaar", "indicator"),
    description="SiSa-verantwoording BUIG (G2), een bedrag per indicator per jaar",
)
RIJKSBIJDRAGE = TableSpec(
    "rijksbijdrage",
    {
        "jaar": Col("year"),
        "versie": Col("choice", choices=VINTAGES),
        "datum": Col("date"),
        "bedrag": Col("money", min=0),
        "bron": Col("text", nullable=True),
    },
    key=("jaar", "versie"),
    description="Beschikkingen en ramingen van de rijksbijdrage BUIG",
)
VOORSCHOTTEN = TableSpec(
    "voorschotten",
    {
        "jaar_ontvangen": Col("year"),
        "jaar_verrekend": Col("year"),
        "bedrag": Col("money", min=0),
        "omschrijving": Col("text", nullable=True),
    },
    required=False,
    description="Voorschotten op de BUIG en het jaar waarin ze worden verrekend",
)
UITGAVEN_LOPEND = TableSpec(
    "uitgaven_lopend_jaar",
    {"jaar": Col("year"), "periode": Col("period"), "bedrag": Col("money", min=0)},
    key=("jaar", "periode"),
    required=False,
    description="Uitgaven BUIG per kwartaal of maand in het lopende en het vorige jaar",
)
GROEIPROGNOSE = TableSpec(
    "groeiprognose",
    {
        "jaar": Col("year"),
        "groei_pct": Col("pct", min=-50, max=50),
        "bron": Col("text", nullable=True),
    },
    key=("jaar",),
    required=False,
    description="Externe groeiprognose van het aantal bijstandsuitkeringen (CPB), in procenten",
)
MEERJARENRAMING = TableSpec(
    "meerjarenraming",
    {
        "jaar": Col("year"),
        "soort": Col("choice", choices=PLAN_KINDS),
        "lasten": Col("money", nullable=True, min=0),
        "baten": Col("money", nullable=True, min=0),
        "toelichting": Col("text", nullable=True),
    },
    key=("jaar",),
    required=False,
    description="Begrote of geraamde lasten en baten BUIG voor jaren zonder realisatie",
)
PARTICIPATIEBUDGET = TableSpec(
    "participatiebudget",
    {
        "jaar": Col("year"),
        "versie": Col("choice", choices=VINTAGES),
        "rijksbijdrage": Col("money", min=0),
        "uitgaven": Col("money", nullable=True, min=0),
        "uitgaven_periode": Col("period", nullable=True),
        "toelichting": Col("text", nullable=True),
    },
    key=("jaar",),
    required=False,
    description="Participatiebudget (rijksbijdrage en uitgaven) per jaar, inclusief referentiejaar",
)
REGELINGEN = ("participatiewet", "ioaw", "ioaz", "bbz")
HOUSEHOLD_TYPES = ("alleenstaand", "alleenstaande ouder", "gehuwd of samenwonend")
WORK_CATEGORIES = ("1A", "1B", "2A", "2B", "3A", "3B")
YES_NO = ("ja", "nee")
BESTAND_MAAND = TableSpec(
    "bestand_maand",
    {
        "jaar": Col("year"),
        "maand": Col("count", min=1, max=12),
        "regeling": Col("choice", choices=REGELINGEN),
        "aantal": Col("count"),
    },
    key=("jaar", "maand", "regeling"),
    required=False,
    description="Aantal lopende uitkeringen aan het eind van elke maand, per regeling",
)
BESTAND_CLIENTEN = TableSpec(
    "bestand_clienten",
    {
        "client_id": Col("text"),
        "huishoudtype": Col("choice", choices=HOUSEHOLD_TYPES),
        "geboortedatum": Col("date", required=False, nullable=True),
        "geboortejaar": Col("year", required=False, nullable=True),
        "leeftijd": Col("count", required=False, nullable=True, min=0, max=120),
        "startdatum": Col("date"),
        "einddatum": Col("date", nullable=True),
        "reden_einde": Col(
            "choice",
            nullable=True,
            choices=(
                "werk",
                "verhuizing",
                "inkomen partner",
                "pensioen",
                "onderwijs",
                "detentie",
                "overlijden",
                "overig",
            ),
        ),
        "categorie": Col("code", nullable=True, choices=WORK_CATEGORIES),
        "statushouder": Col("choice", choices=YES_NO),
        "ontheffing": Col("choice", choices=YES_NO),
    },
    key=("client_id", "startdatum"),
    required=False,
    description="Uitkeringen per client (pseudoniem): persoonsgegevens, alleen geaggregeerd verwerkt",
    personal=True,
)
CBS_BEVOLKING = TableSpec(
    "cbs_bevolking",
    {
        "jaar": Col("year"),
        "gebied": Col("code"),
        "inwoners": Col("count", min=1),
        "huishoudens": Col("count", min=1),
        "personen_bijstand": Col("count"),
    },
    key=("jaar", "gebied"),
    required=False,
    description="CBS: inwoners, huishoudens en personen met bijstand, voor de gemeente en Nederland (NL01)",
)
BENCHMARK = TableSpec(
    "benchmark",
    {
        "jaar": Col("year"),
        "indicator": Col("text"),
        "omschrijving": Col("text"),
        "eenheid": Col("choice", choices=("procent", "euro per uitkering", "aantal")),
        "eigen": Col("money"),
        "grootteklasse": Col("money"),
        "landelijk": Col("money", nullable=True),
        "hoger_is_beter": Col("choice", choices=YES_NO),
    },
    key=("jaar", "indicator"),
    required=False,
    description="Divosa-benchmark: eigen waarde, grootteklasse en landelijk gemiddelde per indicator",
)
VERDEELMODEL = TableSpec(
    "verdeelmodel",
    {
        "gemeentecode": Col("code"),
        "categorie": Col("text"),
        "werkelijk": Col("count"),
        "voorspeld": Col("money", min=0),
    },
    key=("gemeentecode", "categorie"),
    required=False,
    description="Rekentool verdeelmodel: werkelijk en voorspeld aantal bijstandshuishoudens per categorie",
)
VERDEELMODEL_HUISHOUDENS = TableSpec(
    "verdeelmodel_huishoudens",
    {"gemeentecode": Col("code"), "gemeente": Col("text"), "huishoudens": Col("count", min=1)},
    key=("gemeentecode",),
    required=False,
    description="Totaal aantal huishoudens per gemeente in de rekentool",
)
STATUSHOUDERS = TableSpec(
    "statushouders",
    {"jaar": Col("year"), "extra_statushouders": Col("count"), "bron": Col("text", nullable=True)},
    key=("jaar",),
    required=False,
    description="Extra instroom van statushouders in de bijstand per jaar",
)
DROP_TABLES = (
    SISA, RIJKSBIJDRAGE, VOORSCHOTTEN, UITGAVEN_LOPEND, GROEIPROGNOSE, MEERJARENRAMING, PARTICIPATIEBUDGET,
    BESTAND_MAAND, BESTAND_CLIENTEN, CBS_BEVOLKING, BENCHMARK, VERDEELMODEL, VERDEELMODEL_HUISHOUDENS, STATUSHOUDERS,
)  # fmt: skip
NATIONAL_AREA = "NL01"
assert tuple(spec.name for spec in DROP_TABLES[1:]) == TABLE_FILES, (
    "drop_layout.TABLE_FILES out of date"
)

SISA_MAPPING = TableSpec(
    "sisa_g2_indicatoren",
    {
        "jaar": Col("year"),
        "indicator": Col("text"),
        "component": Col("choice", choices=COMPONENTS),
        "soort": Col("choice", choices=SIDES),
        "omschrijving": Col("text", nullable=True),
    },
    key=("jaar", "indicator"),
)
VANGNET_RULES = TableSpec(
    "vangnet_regels",
    {
        "jaar_van": Col("year"),
        "jaar_tot_en_met": Col("year"),
        "drempel_pct": Col("pct", min=0, max=100),
        "meerjarig_jaren": Col("count", min=1, max=10),
        "meerjarig_drempel_pct": Col("pct", nullable=True, min=0, max=100),
        "ondergrens_pct": Col("pct", min=0, max=100),
        "bovengrens_pct": Col("pct", min=0, max=100),
        "status": Col("text"),
        "bron": Col("text"),
    },
    key=("jaar_van",),
)

PERIODS = tuple(f"K{q}" for q in range(1, 5)) + tuple(f"M{m:02d}" for m in range(1, 13))


def period_months(period: str) -> tuple[int, int]:
    """First and last calendar month of a period code (``K1`` = January-March, ``M04`` = April)."""
    if period.startswith("K"):
        quarter = int(period[1])
        return 3 * quarter - 2, 3 * quarter
    month = int(period[1:])
    return month, month


def _parse_cell(value: object, col: Col) -> object:
    """Parse one cell by kind; raises ValueError with a Dutch message."""
    kind = col.kind
    if kind in ("money", "pct"):
        return float(parse_dutch_decimal(value))
    if kind in ("year", "count"):
        number = parse_dutch_decimal(value)
        if number != number.to_integral_value():
            raise NumberFormatError(f"'{value}' is geen geheel getal")
        return int(number)
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        text = str(value).strip()
        for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
            try:
                return dt.datetime.strptime(text, fmt).date().isoformat()
            except ValueError:
                continue
        raise ValueError(f"'{text}' is geen datum (verwacht JJJJ-MM-DD of DD-MM-JJJJ)")
    if kind == "period":
        text = str(value).strip().upper()
        if text not in PERIODS:
            raise ValueError(f"'{value}' is geen periode (verwacht K1-K4 of M01-M12)")
        return text
    if kind == "choice":
        return " ".join(str(value).strip().lower().split())
    if kind == "code":
        return str(value).strip().upper()
    return str(value).strip()


def _checks(col: Col) -> list[pa.Check]:
    checks = []
    if col.kind == "year":
        checks.append(
            pa.Check.in_range(
                *YEAR_RANGE, error=f"jaar moet tussen {YEAR_RANGE[0]} en {YEAR_RANGE[1]} liggen"
            )
        )
    if col.min is not None:
        checks.append(pa.Check.ge(col.min, error=f"waarde moet minstens {col.min:g} zijn"))
    elif col.kind == "count":
        checks.append(pa.Check.ge(0, error="een aantal kan niet negatief zijn"))
    if col.max is not None:
        checks.append(pa.Check.le(col.max, error=f"waarde mag hoogstens {col.max:g} zijn"))
    if col.choices:
        allowed = ", ".join(col.choices)
        checks.append(
            pa.Check.isin(list(col.choices), error=f"onbekende waarde; toegestaan: {allowed}")
        )
    return checks


def schema_for(spec: TableSpec) -> pa.DataFrameSchema:
    """The pandera schema of a typed table, built from the same specs as the parser."""
    return pa.DataFrameSchema(
        {
            name: pa.Column(None, _checks(col), nullable=True, required=col.required)
            for name, col in spec.columns.items()
        },
        unique=list(spec.key) or None,
        report_duplicates="all",
    )


_PANDERA_MESSAGES = {
    "multiple_fields_uniqueness": "dubbele sleutel",
    "field_uniqueness": "dubbele waarde",
}


def parse_table(raw: pd.DataFrame, spec: TableSpec, label: str) -> pd.DataFrame:
    """Turn an untyped table into a typed one following ``spec``; raise on any violation."""
    problems: list[Problem] = []
    missing = [
        name for name, col in spec.columns.items() if col.required and name not in raw.columns
    ]
    for name in missing:
        found = ", ".join(c for c in raw.columns if c not in SOURCE_COLUMNS) or "geen"
        problems.append(
            Problem(label, 1, name, f"verplichte kolom ontbreekt (gevonden kolommen: {found})")
        )
    if problems:
        raise InputValidationError(problems)
    if raw.empty:
        raise InputValidationError(
            [Problem(label, 2, None, "het bestand bevat geen gegevensrijen")]
        )
    typed: dict[str, list[object]] = {}
    for name, col in spec.columns.items():
        values: list[object] = []
        source = raw[name] if name in raw.columns else pd.Series([None] * len(raw), index=raw.index)
        for row, cell in source.items():
            if is_blank(cell):
                if not col.nullable:
                    problems.append(Problem(label, int(row), name, "waarde ontbreekt"))
                values.append(None)
                continue
            try:
                values.append(_parse_cell(cell, col))
            except ValueError as exc:
                message = (
                    f"ongeldige waarde voor een kolom van soort '{col.kind}'"
                    if spec.personal
                    else str(exc)
                )
                problems.append(Problem(label, int(row), name, message))
                values.append(None)
        typed[name] = values
    if problems:
        raise InputValidationError(problems)
    frame = pd.DataFrame(typed, index=raw.index)
    for name, col in spec.columns.items():
        if col.kind in ("money", "pct"):
            frame[name] = frame[name].astype("float64")
        elif col.kind in ("year", "count"):
            frame[name] = frame[name].astype("Int64" if col.nullable else "int64")
        else:
            frame[name] = frame[name].astype(object)
    try:
        schema_for(spec).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        for case in exc.failure_cases.to_dict("records"):
            message = _PANDERA_MESSAGES.get(case["check"], case["check"])
            if case["check"] in _PANDERA_MESSAGES:
                key = ", ".join(spec.key)
                message = f"{message}: de combinatie ({key}) komt meer dan eens voor"
            row = case["index"]
            problems.append(
                Problem(
                    label,
                    None if pd.isna(row) else int(row),
                    case["column"],
                    f"{message} (waarde: {case['failure_case']})",
                )
            )
        raise InputValidationError(problems) from None
    for column in SOURCE_COLUMNS:
        frame[column] = raw[column].to_numpy()
    return frame.reset_index(drop=True)


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


@dataclass
class ValidatedDrop:
    """The typed tables of one data drop, plus which optional inputs were present and checksums."""

    meta: DropMeta
    tables: dict[str, pd.DataFrame]
    present: dict[str, bool]
    files: dict[str, str] = field(default_factory=dict)  # label -> sha256


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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


def find_table_file(drop_dir: Path, name: str) -> Path | None:
    """The .csv or .xlsx file of a table in the drop; both at once is ambiguous and refused."""
    candidates = [
        drop_dir / f"{name}{ext}"
        for ext in (".csv", ".xlsx")
        if (drop_dir / f"{name}{ext}").exists()
    ]
    if len(candidates) > 1:
        raise InputValidationError(
            [
                Problem(
                    f"{name}.csv/.xlsx",
                    None,
                    None,
                    "zowel een .csv als een .xlsx aanwezig; lever er één aan",
                )
            ]
        )
    return candidates[0] if candidates else None


def load_reference_table(path: Path, spec: TableSpec) -> pd.DataFrame:
    """Read and validate a reference table shipped with the pipeline (data/reference)."""
    return parse_table(read_table(path, path.name), spec, path.name)


def _year_problems(frame: pd.DataFrame, years: list[int], label: str, what: str) -> list[Problem]:
    present = set(frame["jaar"].astype(int))
    return [
        Problem(label, None, "jaar", f"jaar {y} ontbreekt ({what})")
        for y in years
        if y not in present
    ]


def validate_drop(drop_dir: Path, sisa_mapping: pd.DataFrame, history_years: int) -> ValidatedDrop:
    """Validate a whole data drop. Collects the problems of all files before raising, so staff see
    everything that needs fixing in one go."""
    meta = read_drop_meta(drop_dir)
    problems: list[Problem] = []
    tables: dict[str, pd.DataFrame] = {}
    present: dict[str, bool] = {}
    year = meta.verslagjaar
    realised = list(range(year - history_years, year))

    sisa_paths = sisa_files(drop_dir)
    if not sisa_paths:
        problems.append(
            Problem(
                "sisa/",
                None,
                None,
                "geen SiSa-export gevonden (verwacht sisa/*.csv of sisa/*.xlsx)",
            )
        )
    sisa_parts = []
    for path in sisa_paths:
        label = f"sisa/{path.name}"
        try:
            sisa_parts.append(parse_table(read_table(path, label), SISA, label))
        except InputValidationError as exc:
            problems.extend(exc.problems)
    for spec in DROP_TABLES:
        if spec is SISA:
            continue
        try:
            path = find_table_file(drop_dir, spec.name)
        except InputValidationError as exc:
            problems.extend(exc.problems)
            continue
        present[spec.name] = path is not None
        if path is None:
            if spec.required:
                problems.append(
                    Problem(
                        f"{spec.name}.csv",
                        None,
                        None,
                        "verplicht bestand ontbreekt in de data-aanlevering",
                    )
                )
            tables[spec.name] = _empty(spec)
            continue
        try:
            raw = read_table(path, path.name)
            if spec.personal:
                from .privacy import bsn_problems

                found = bsn_problems(
                    raw, path.name, [c for c in raw.columns if c not in SOURCE_COLUMNS]
                )
                if found:
                    raise InputValidationError(found)
            tables[spec.name] = parse_table(raw, spec, path.name)
        except InputValidationError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputValidationError(problems)

    sisa = pd.concat(sisa_parts, ignore_index=True)
    present["sisa"] = True
    duplicated = sisa[sisa.duplicated(["jaar", "indicator"], keep=False)]
    for record in duplicated.to_dict("records"):
        problems.append(
            Problem(
                record["_bron_bestand"],
                record[SOURCE_ROW],
                "indicator",
                f"indicator {record['indicator']} voor {record['jaar']} staat in meer dan één SiSa-bestand",
            )
        )
    known = set(zip(sisa_mapping["jaar"].astype(int), sisa_mapping["indicator"], strict=True))
    mapped_years = set(sisa_mapping["jaar"].astype(int))
    for record in sisa.to_dict("records"):
        if record["jaar"] not in mapped_years:
            problems.append(
                Problem(
                    record["_bron_bestand"],
                    record[SOURCE_ROW],
                    "jaar",
                    f"geen indicatorindeling G2 voor {record['jaar']} in data/reference/sisa_g2_indicatoren.csv",
                )
            )
        elif (record["jaar"], record["indicator"]) not in known:
            problems.append(
                Problem(
                    record["_bron_bestand"],
                    record[SOURCE_ROW],
                    "indicator",
                    f"onbekende SiSa-indicator '{record['indicator']}' voor {record['jaar']}",
                )
            )
    if sisa_paths:
        problems += _year_problems(
            sisa, realised, "sisa/", "realisatie nodig voor de verslagperiode"
        )
    tables["sisa"] = sisa
    rijks = tables["rijksbijdrage"]
    rijks_label = _label(rijks, "rijksbijdrage.csv")
    problems += _year_problems(
        rijks, realised + [year], rijks_label, "rijksbijdrage nodig voor de verslagperiode"
    )

    lopend = tables["uitgaven_lopend_jaar"]
    if present["uitgaven_lopend_jaar"]:
        label = _label(lopend, "uitgaven_lopend_jaar.csv")
        current = set(lopend.loc[lopend["jaar"] == year, "periode"])
        previous = set(lopend.loc[lopend["jaar"] == year - 1, "periode"])
        if not current:
            problems.append(
                Problem(label, None, "jaar", f"geen uitgaven voor het verslagjaar {year}")
            )
        for period in sorted(current - previous):
            problems.append(
                Problem(
                    label,
                    None,
                    "periode",
                    f"periode {period} van {year - 1} ontbreekt (nodig voor de vergelijking met {year})",
                )
            )
        months = sorted(
            m for p in current for m in range(period_months(p)[0], period_months(p)[1] + 1)
        )
        if months and (months != list(range(1, len(months) + 1))):
            problems.append(
                Problem(
                    label,
                    None,
                    "periode",
                    f"de perioden van {year} moeten aaneensluiten vanaf januari",
                )
            )
    participatie = tables["participatiebudget"]
    if present["participatiebudget"] and meta.participatie_referentiejaar is not None:
        problems += _year_problems(
            participatie,
            [meta.participatie_referentiejaar],
            _label(participatie, "participatiebudget.csv"),
            "referentiejaar uit drop.yaml",
        )
    for spec in (VOORSCHOTTEN,):
        frame = tables[spec.name]
        for record in frame.to_dict("records"):
            if record["jaar_verrekend"] < record["jaar_ontvangen"]:
                problems.append(
                    Problem(
                        record["_bron_bestand"],
                        record[SOURCE_ROW],
                        "jaar_verrekend",
                        "een voorschot kan niet worden verrekend vóór het jaar van ontvangst",
                    )
                )
    problems += _caseload_problems(tables, present, meta)
    if problems:
        raise InputValidationError(problems)
    files = {_relative(p, drop_dir): sha256_of(p) for p in drop_input_files(drop_dir)}
    return ValidatedDrop(meta=meta, tables=tables, present=present, files=files)


def _caseload_problems(
    tables: dict[str, pd.DataFrame], present: dict[str, bool], meta: DropMeta
) -> list[Problem]:
    """Cross-file rules of the caseload, context, benchmark and verdeelmodel inputs."""
    problems: list[Problem] = []
    clients = tables["bestand_clienten"]
    if present.get("bestand_clienten"):
        for column in ("geboortedatum", "geboortejaar", "leeftijd"):
            if column not in clients.columns:
                clients[column] = None
        for record in clients.to_dict("records"):
            where = (record["_bron_bestand"], record[SOURCE_ROW])
            if all(pd.isna(record[c]) for c in ("geboortedatum", "geboortejaar", "leeftijd")):
                problems.append(
                    Problem(
                        *where, "geboortedatum", "geboortedatum, geboortejaar of leeftijd ontbreekt"
                    )
                )
            end = record["einddatum"]
            if isinstance(end, str) and end < record["startdatum"]:
                problems.append(Problem(*where, "einddatum", "einddatum ligt voor de startdatum"))
            if isinstance(end, str) and not isinstance(record["reden_einde"], str):
                problems.append(
                    Problem(
                        *where, "reden_einde", "reden_einde ontbreekt bij een beëindigde uitkering"
                    )
                )
    cbs = tables["cbs_bevolking"]
    if present.get("cbs_bevolking"):
        for record in cbs.to_dict("records"):
            if record["gebied"] not in (meta.gemeentecode, NATIONAL_AREA):
                problems.append(
                    Problem(
                        record["_bron_bestand"],
                        record[SOURCE_ROW],
                        "gebied",
                        f"onbekende gemeente '{record['gebied']}' (verwacht {meta.gemeentecode} of {NATIONAL_AREA})",
                    )
                )
    model, households = tables["verdeelmodel"], tables["verdeelmodel_huishoudens"]
    if present.get("verdeelmodel") != present.get("verdeelmodel_huishoudens"):
        missing = (
            "verdeelmodel_huishoudens.csv" if present.get("verdeelmodel") else "verdeelmodel.csv"
        )
        problems.append(
            Problem(
                missing,
                None,
                None,
                "verdeelmodel.csv en verdeelmodel_huishoudens.csv horen samen; lever beide aan",
            )
        )
    elif present.get("verdeelmodel"):
        known = set(households["gemeentecode"])
        for record in model.to_dict("records"):
            if record["gemeentecode"] not in known:
                problems.append(
                    Problem(
                        record["_bron_bestand"],
                        record[SOURCE_ROW],
                        "gemeentecode",
                        f"onbekende gemeente '{record['gemeentecode']}': niet in verdeelmodel_huishoudens",
                    )
                )
        if meta.gemeentecode not in set(model["gemeentecode"]):
            problems.append(
                Problem(
                    _label(model, "verdeelmodel.csv"),
                    None,
                    "gemeentecode",
                    f"de eigen gemeente {meta.gemeentecode} ontbreekt",
                )
            )
    return problems


def _label(frame: pd.DataFrame, default: str) -> str:
    return str(frame["_bron_bestand"].iloc[0]) if len(frame) else default


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _empty(spec: TableSpec) -> pd.DataFrame:
    columns = list(spec.columns) + SOURCE_COLUMNS
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
