"""The data contract of docs/data-contract.md as code: every input table's columns, kinds, key and
allowed values, and the pandera schema that checks a typed table against them.

Parsing cells (Dutch notation) is :mod:`buig_analyse.ingest.parse`; rules that span several files are
:mod:`buig_analyse.ingest.cross_file`. This module is also the vocabulary other layers may import
(for example the period codes), so it imports nothing heavy: pandera is imported by the functions
that build the schemas (the report and chart jobs read the vocabulary only, issue 12).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from buig_analyse.ingest.layout import TABLE_FILES

if TYPE_CHECKING:
    import pandera.pandas as pa

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
    positive: bool = False  # strictly above zero (a budget of 0 is no budget)


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
        "bedrag": Col("money", positive=True),
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
        "rijksbijdrage": Col("money", positive=True),
        "uitgaven": Col("money", nullable=True, min=0),
        "uitgaven_periode": Col("period", nullable=True),
        "toelichting": Col("text", nullable=True),
    },
    key=("jaar",),
    required=False,
    description="Participatiebudget (rijksbijdrage en uitgaven) per jaar, inclusief referentiejaar",
)
REGELINGEN = ("participatiewet", "ioaw", "ioaz", "bbz")
# BUS leefvorm 4 "anders" (bus_codes.csv) is a fourth type; counted only when a client has it.
HOUSEHOLD_TYPES = ("alleenstaand", "alleenstaande ouder", "gehuwd of samenwonend", "anders")
WORK_CATEGORIES = ("1A", "1B", "1C", "2A", "2B", "3A", "3B")  # seed 002, table 4
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
CONTROLETOTALEN = TableSpec(
    "controletotalen",
    {
        "jaar": Col("year"),
        "soort": Col("choice", choices=("lasten", "baten")),
        "bedrag": Col("money"),
        "bron": Col("text"),
    },
    key=("jaar", "soort"),
    required=False,
    description="Totalen BUIG uit de jaarrekening (onafhankelijk van de SiSa-regels) voor de controles",
)
YES_NO = ("ja", "nee")
FOUT_ONZEKER = TableSpec(
    "fout_onzeker",
    {
        "jaar": Col("year"),
        "bedrag": Col("money", min=0),
        "boven_rapportagegrens": Col("choice", choices=YES_NO),
        "bron": Col("text"),
    },
    required=False,
    description="Bedragen die de accountant als fout of onzeker rapporteerde (stap D van de TCVP)",
)
MAATREGELEN = TableSpec(
    "maatregelen",
    {
        "jaar": Col("year"),
        "maatregel": Col("text"),
        "budget": Col("money", nullable=True, min=0),
        "uitgaven": Col("money", nullable=True, min=0),
        "periode": Col("text", nullable=True),
        "bron": Col("text", nullable=True),
    },
    key=("jaar", "maatregel"),
    required=False,
    description="Budget en uitgaven per maatregel en jaar (hoofdstuk 5)",
)
JOBS = ("fulltime", "parttime")
PLAATSINGEN = TableSpec(
    "plaatsingen",
    {
        "jaar": Col("year"),
        "maatregel": Col("text"),
        "dienstverband": Col("choice", choices=JOBS),
        "halfjaar": Col("count", min=1, max=2),
        "aantal": Col("count"),
        "bron": Col("text", nullable=True),
    },
    key=("jaar", "maatregel", "dienstverband", "halfjaar"),
    required=False,
    description="Plaatsingen per jaar naar dienstverband en halfjaar van uitstroom (fictieve besparing)",
)
KOSTENVERDELING = TableSpec(
    "kostenverdeling",
    {
        "jaar": Col("year"),
        "post": Col("text"),
        "totaal": Col("money", min=0),
        "gemeentecode": Col("text"),
        "gemeente": Col("text"),
        "aandeel_pct": Col("pct", min=0, max=100),
        "besloten_bedrag": Col("money", nullable=True, min=0),
    },
    key=("jaar", "post", "gemeentecode"),
    required=False,
    description="Gedeelde kosten van een samenwerkingsverband en het aandeel van elke gemeente",
)
SCENARIO = TableSpec(
    "scenario",
    {
        "naam": Col("text"),
        "vanaf_jaar": Col("year"),
        "minder_clienten_per_jaar": Col("count"),
        "bedrag_per_client": Col("money", positive=True),
        "cumulatief": Col("choice", choices=YES_NO),
        "bron": Col("text", nullable=True),
    },
    key=("naam",),
    required=False,
    description="Scenario's van bestandsreductie: minder cliënten per jaar tegen een bedrag per cliënt",
)
DROP_TABLES = (
    SISA, RIJKSBIJDRAGE, VOORSCHOTTEN, UITGAVEN_LOPEND, GROEIPROGNOSE, MEERJARENRAMING, PARTICIPATIEBUDGET,
    BESTAND_MAAND, BESTAND_CLIENTEN, CBS_BEVOLKING, BENCHMARK, VERDEELMODEL, VERDEELMODEL_HUISHOUDENS, STATUSHOUDERS,
    CONTROLETOTALEN, FOUT_ONZEKER, MAATREGELEN, PLAATSINGEN, KOSTENVERDELING, SCENARIO,
)  # fmt: skip
NATIONAL_AREA = "NL01"
assert tuple(spec.name for spec in DROP_TABLES[1:]) == TABLE_FILES, (
    "ingest.layout.TABLE_FILES out of date"
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

NORMBEDRAGEN = TableSpec(
    "normbedragen_besparing",
    {
        "dienstverband": Col("choice", choices=JOBS),
        "halfjaar": Col("count", min=1, max=2),
        "bedrag": Col("money", min=0),
        "bron": Col("text"),
    },
    key=("dienstverband", "halfjaar"),
)

PERIODS = tuple(f"K{q}" for q in range(1, 5)) + tuple(f"M{m:02d}" for m in range(1, 13))


def period_months(period: str) -> tuple[int, int]:
    """First and last calendar month of a period code (``K1`` = January-March, ``M04`` = April)."""
    if period.startswith("K"):
        quarter = int(period[1])
        return 3 * quarter - 2, 3 * quarter
    month = int(period[1:])
    return month, month


def _checks(col: Col) -> list[pa.Check]:
    import pandera.pandas as pa

    checks = []
    if col.kind == "year":
        checks.append(
            pa.Check.in_range(
                *YEAR_RANGE, error=f"jaar moet tussen {YEAR_RANGE[0]} en {YEAR_RANGE[1]} liggen"
            )
        )
    if col.positive:
        checks.append(pa.Check.gt(0, error="waarde moet groter dan 0 zijn"))
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


# The dtype of each column kind after parsing (ingest.parse); nullable whole numbers are "Int64".
DTYPES = {"money": "float64", "pct": "float64", "year": "int64", "count": "int64"}


def dtype_of(col: Col) -> str:
    if col.kind in ("year", "count"):
        return "Int64" if col.nullable else "int64"
    return DTYPES.get(col.kind, "object")


@dataclass(frozen=True)
class RowRule:
    """A rule between the columns of one row (checked by the table's pandera schema): ``holds``
    gets the typed table and returns, per row, whether the rule holds."""

    name: str
    column: str  # the column the message names
    message: str
    holds: object  # Callable[[pd.DataFrame], pd.Series[bool]]


ROW_RULES: dict[str, tuple[RowRule, ...]] = {
    "voorschotten": (
        RowRule(
            "verrekend_na_ontvangst",
            "jaar_verrekend",
            "een voorschot kan niet worden verrekend vóór het jaar van ontvangst",
            lambda t: t["jaar_verrekend"] >= t["jaar_ontvangen"],
        ),
    ),
    "bestand_clienten": (
        RowRule(
            "leeftijd_bekend",
            "geboortedatum",
            "geboortedatum, geboortejaar of leeftijd ontbreekt",
            lambda t: (
                ~(t["geboortedatum"].isna() & t["geboortejaar"].isna() & t["leeftijd"].isna())
            ),
        ),
        RowRule(
            "einde_na_start",
            "einddatum",
            "einddatum ligt voor de startdatum",
            lambda t: t["einddatum"].isna() | (t["einddatum"].fillna("") >= t["startdatum"]),
        ),
        RowRule(
            "reden_bij_einde",
            "reden_einde",
            "reden_einde ontbreekt bij een beëindigde uitkering",
            lambda t: t["einddatum"].isna() | t["reden_einde"].notna(),
        ),
    ),
}


def schema_for(spec: TableSpec) -> pa.DataFrameSchema:
    """The pandera schema of a typed table, built from the same specs as the parser: dtype and
    nullability per column, ranges and allowed values, a unique key, and the rules between the
    columns of a row (:data:`ROW_RULES`)."""
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        {
            name: pa.Column(
                dtype_of(col), _checks(col), nullable=col.nullable, required=col.required
            )
            for name, col in spec.columns.items()
        },
        checks=[
            pa.Check(rule.holds, name=f"regel:{rule.name}", error=rule.message)
            for rule in ROW_RULES.get(spec.name, ())
        ],
        unique=list(spec.key) or None,
        report_duplicates="all",
    )


def row_rule(check_name: str, table: str) -> RowRule | None:
    """The row rule a pandera failure case belongs to (by its check name)."""
    for rule in ROW_RULES.get(table, ()):
        if check_name in (f"regel:{rule.name}", rule.message):
            return rule
    return None
