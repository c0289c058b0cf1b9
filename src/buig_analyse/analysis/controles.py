"""Reconciliation checks on the data ("Controles" appendix of the report).

A check either passes, fails, or cannot be performed because an input is absent. A failed check
that makes a figure wrong is *blokkerend*: the run stops with the Dutch message. One that only
needs attention is a *waarschuwing*: shown in the report and printed in the log.

Each check compares two independent sources and says which values it compared, so that it can fail:
- the lasten and baten computed from the SiSa rows against the totals the annual accounts state
  (``controletotalen.csv``, typed from the jaarrekening; without it the check is "niet uitgevoerd");
- the rijksbijdrage in the SiSa export (indicator with soort "rijksbijdrage") equals the definitief
  budget decision;
- resultaat = rijksbijdrage - lasten + baten, recomputed from the typed tables;
- the monthly caseload (Participatiewet) agrees with the client-level export within a tolerance;
- every year of the report period has each required input, and each present optional chapter
  covers the years it is shown for;
- plausibility: the change of lasten, baten, net price per benefit and caseload from one realised
  year to the next stays within configured bounds (``controles.plausibel_max_mutatie_pct``).

The former check "SiSa components add up to the total" compared the same rows with themselves and
could not fail; it is replaced by the control totals.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from buig_analyse.analysis.chapter import Chapter
from buig_analyse.errors import ChecksFailed
from buig_analyse.register.figures import Register
from buig_analyse.register.formatting import euro, percent

PASSED, FAILED, SKIPPED = "geslaagd", "niet geslaagd", "niet uitgevoerd"
BLOCKING, ATTENTION = "blokkerend", "aandacht"


@dataclass(frozen=True)
class Check:
    id: str
    description: str
    status: str
    severity: str
    detail: str

    @property
    def blocks(self) -> bool:
        return self.status == FAILED and self.severity == BLOCKING

    @property
    def warns(self) -> bool:
        return self.status == FAILED and self.severity == ATTENTION


def _close(a: float, b: float, tolerance: float = 0.005) -> bool:
    return abs(a - b) <= tolerance


def _control_total(
    register: Register, totals: pd.DataFrame | None, present: dict, year: int, side: str
) -> Check:
    """The lasten or baten the report computed from the SiSa rows against the total the annual
    accounts state (controletotalen.csv): two independent sources, so a changed SiSa row fails."""
    cid = f"jaarrekening.{side}.{year}"
    description = f"{year}: {side} uit de SiSa-regels gelijk aan het totaal in de jaarrekening"
    computed = register.value(f"budget.{side}.{year}")
    if not present.get("controletotalen") or totals is None:
        return Check(cid, description, SKIPPED, ATTENTION, "geen controletotalen aangeleverd")
    rows = totals[(totals["jaar"] == year) & (totals["soort"] == side)]
    if rows.empty:
        return Check(cid, description, SKIPPED, ATTENTION, f"geen controletotaal voor {year}")
    row = rows.iloc[0]
    stated = float(row["bedrag"])
    ok = abs(computed - stated) <= 1.0  # whole euros in the accounts
    return Check(
        cid,
        description,
        PASSED if ok else FAILED,
        BLOCKING,
        f"SiSa-regels {euro(computed)}, jaarrekening {euro(stated)} "
        f"({row['bron']}; {row['_bron_bestand']} rij {row['_bron_rij']})",
    )


PLAUSIBLE_DEFAULT = {"lasten": 15, "baten": 60, "prijs_per_uitkering": 15, "bestand": 15}
PLAUSIBLE_FIGURES = {
    "lasten": ("budget.lasten.{y}", "lasten"),
    "baten": ("budget.baten.{y}", "baten"),
    "prijs_per_uitkering": ("oorzaken.prijs.{y}", "netto lasten per uitkering"),
    "bestand": ("bestand.totaal.{y}-12", "uitkeringen eind december"),
}


def plausibility_checks(
    register: Register, realised: list[int], bounds: dict[str, float]
) -> list[Check]:
    """Year-on-year changes between realised years beyond the configured bounds: each check names
    both values, so a typing error in an amount shows up even when every row adds up."""
    checks = []
    limits = {**PLAUSIBLE_DEFAULT, **(bounds or {})}
    for key, (pattern, label) in PLAUSIBLE_FIGURES.items():
        for year in realised:
            new, old = pattern.format(y=year), pattern.format(y=year - 1)
            if new not in register or old not in register:
                continue
            a, b = register.value(old), register.value(new)
            if not isinstance(a, int | float) or not isinstance(b, int | float) or not a:
                continue
            change = (b / a - 1) * 100
            ok = abs(change) <= limits[key]
            checks.append(
                Check(
                    f"plausibel.{key}.{year}",
                    f"{year}: verandering van de {label} t.o.v. {year - 1} binnen "
                    f"{percent(limits[key], 0, signed=False)}",
                    PASSED if ok else FAILED,
                    ATTENTION,
                    f"{year - 1}: {_fmt(a, key)}, {year}: {_fmt(b, key)} ({percent(change)})",
                )
            )
    return checks


def _fmt(value: float, key: str) -> str:
    return str(round(value)) if key == "bestand" else euro(value)


def run_checks(
    register: Register,
    chapters: dict[str, Chapter],
    tables: dict[str, pd.DataFrame],
    mapping: pd.DataFrame,
    present: dict[str, bool],
    tolerance_pct: float,
    plausible_pct: dict[str, float] | None = None,
) -> list[Check]:
    """All checks for one drop, in the order they are printed."""
    checks: list[Check] = []
    budget_years = chapters["budget"].years
    sisa = tables["sisa"]
    realised = [
        y for y in budget_years if register.value(f"budget.lasten_status.{y}") == "realisatie"
    ]

    totals = tables.get("controletotalen")
    for year in realised:
        for side in ("lasten", "baten"):
            checks.append(_control_total(register, totals, present, year, side))
        own = mapping[(mapping["jaar"] == year) & (mapping["soort"] == "rijksbijdrage")]
        rows = sisa[(sisa["jaar"] == year) & sisa["indicator"].isin(set(own["indicator"]))]
        version = register.value(f"budget.rijksbijdrage_versie.{year}")
        decided = register.value(f"budget.rijksbijdrage.{year}")
        description = (
            f"SiSa {year}: rijksbijdrage in de verantwoording gelijk aan de definitieve beschikking"
        )
        skip = None
        if rows.empty:
            skip = "de SiSa-export bevat geen indicator voor de rijksbijdrage"
        elif version != "definitief":
            skip = f"er is nog geen definitieve beschikking (versie: {version})"
        if skip:
            checks.append(
                Check(f"sisa_rijksbijdrage.{year}", description, SKIPPED, ATTENTION, skip)
            )
        else:
            amount = float(rows["bedrag"].sum())
            ok = _close(amount, decided)
            where = ", ".join(
                f"{r['_bron_bestand']} rij {r['_bron_rij']}" for r in rows.to_dict("records")
            )
            checks.append(
                Check(
                    f"sisa_rijksbijdrage.{year}",
                    description,
                    PASSED if ok else FAILED,
                    BLOCKING,
                    f"SiSa {euro(amount)} ({where}), beschikking {euro(decided)}",
                )
            )

    rijks = tables["rijksbijdrage"]
    for year in budget_years:
        lasten, baten = (
            register.value(f"budget.lasten.{year}"),
            register.value(f"budget.baten.{year}"),
        )
        rows = rijks[rijks["jaar"] == year]
        version = register.value(f"budget.rijksbijdrage_versie.{year}")
        amount = float(rows.loc[rows["versie"] == version, "bedrag"].iloc[0])
        recomputed = amount - lasten + baten
        ok = _close(recomputed, register.value(f"budget.resultaat.{year}"))
        checks.append(
            Check(
                f"resultaat.{year}",
                f"Resultaat {year} = rijksbijdrage − lasten + baten",
                PASSED if ok else FAILED,
                BLOCKING,
                f"{euro(amount)} − {euro(lasten)} + {euro(baten)} = {euro(recomputed)}",
            )
        )

    monthly, clients = tables["bestand_maand"], tables["bestand_clienten_maand"]
    description = f"Bestand per maand (Participatiewet) gelijk aan het clientbestand, binnen {percent(tolerance_pct, signed=False)}"
    if present.get("bestand_maand") and present.get("bestand_clienten"):
        pw = monthly[monthly["regeling"] == "participatiewet"][["jaar", "maand", "aantal"]]
        merged = pw.merge(clients, on=["jaar", "maand"], suffixes=("_maand", "_clienten"))
        merged = merged.dropna()
        worst, where = 0.0, ""
        for r in merged.to_dict("records"):
            diff = (
                abs(float(r["aantal_clienten"]) - float(r["aantal_maand"]))
                / max(float(r["aantal_maand"]), 1.0)
                * 100
            )
            if diff > worst:
                worst, where = (
                    diff,
                    f"{int(r['jaar'])}-{int(r['maand']):02d}: {int(r['aantal_maand'])} in bestand_maand, {int(r['aantal_clienten'])} in het clientbestand",
                )
        ok = worst <= tolerance_pct
        detail = (
            f"{len(merged)} maanden vergeleken; grootste verschil {percent(worst, signed=False)}"
            + (f" ({where})" if where else "")
        )
        checks.append(
            Check(
                "bestand_maand_vs_clienten",
                description,
                PASSED if ok else FAILED,
                ATTENTION,
                detail,
            )
        )
    else:
        checks.append(
            Check(
                "bestand_maand_vs_clienten",
                description,
                SKIPPED,
                ATTENTION,
                "bestand_maand of bestand_clienten ontbreekt in de data-aanlevering",
            )
        )

    for year in budget_years:
        needs = ["rijksbijdrage"] + (["sisa"] if year in realised else [])
        missing = [n for n in needs if year not in set(tables[n]["jaar"].astype(int))]
        checks.append(
            Check(
                f"invoer_compleet.{year}",
                f"Verslagperiode {year}: elke verplichte invoer aanwezig",
                FAILED if missing else PASSED,
                BLOCKING,
                f"ontbreekt: {', '.join(missing)}" if missing else f"aanwezig: {', '.join(needs)}",
            )
        )
    caseload = chapters.get("bestand")
    if present.get("bestand_maand"):
        covered = set(caseload.year_ends if caseload else [])
        wanted = [y for y in realised if y not in covered]
        checks.append(
            Check(
                "invoer_compleet.bestand_maand",
                "Bestand per maand: december van elk gerealiseerd jaar aanwezig",
                FAILED if wanted else PASSED,
                ATTENTION,
                f"ontbreekt: december {', '.join(map(str, wanted))}"
                if wanted
                else "alle jaren aanwezig",
            )
        )
    bench = chapters.get("benchmark")
    if present.get("benchmark") and bench and not bench.absent:
        latest = max(realised) if realised else None
        ok = latest is None or bench.year == latest
        checks.append(
            Check(
                "invoer_compleet.benchmark",
                "Benchmark over het laatste gerealiseerde jaar",
                PASSED if ok else FAILED,
                ATTENTION,
                f"benchmarkjaar {bench.year}, laatste realisatie {latest}",
            )
        )
    checks += plausibility_checks(register, realised, plausible_pct or {})
    checks += cost_split_checks(register)
    return checks


PREVIOUS_FIGURES = {
    "lasten": "SiSa {year} lasten",
    "baten": "SiSa {year} baten",
    "rijksbijdrage": "Rijksbijdrage {year}",
}


def previous_drop_checks(
    register: Register, previous: Register | None, previous_year: int | None = None
) -> list[Check]:
    """The realised lasten, baten and the definitief rijksbijdrage of the years that last year's
    drop also covered must be the same in both drops; a difference names both values ("SiSa 2016
    lasten: € 4.781.948 in de aanlevering van 2017, € 4.881.948 nu")."""
    if previous is None:
        return [
            Check(
                "vorige_aanlevering",
                "Realisatie gelijk aan die in de aanlevering van vorig jaar",
                SKIPPED,
                ATTENTION,
                "geen aanlevering van vorig jaar van deze gemeente in raw_dir",
            )
        ]
    checks = []
    for fid in register.figures:
        parts = fid.split(".")
        if len(parts) != 3 or parts[0] != "budget" or parts[1] not in PREVIOUS_FIGURES:
            continue
        side, year = parts[1], parts[2]
        if fid not in previous:
            continue
        # Only final values are compared: a realisation, or the definitief budget.
        status_id, final = (
            (f"budget.rijksbijdrage_versie.{year}", "definitief")
            if side == "rijksbijdrage"
            else (f"budget.{side}_status.{year}", "realisatie")
        )
        states = [reg.value(status_id) for reg in (register, previous) if status_id in reg]
        if states != [final, final]:
            continue
        now, before = register.value(fid), previous.value(fid)
        label = PREVIOUS_FIGURES[side].format(year=year)
        same = _close(now, before, 0.5)
        checks.append(
            Check(
                f"vorige_aanlevering.{side}.{year}",
                f"{label} gelijk aan de aanlevering van vorig jaar",
                PASSED if same else FAILED,
                ATTENTION,
                f"{label}: {euro(before)} in de aanlevering van {previous_year or 'vorig jaar'}, "
                f"{euro(now)} nu",
            )
        )
    return checks


def cost_split_checks(register: Register) -> list[Check]:
    """Per cost post of a samenwerkingsverband: the shares add up to 100%, and the split the
    councils decided (besloten_bedrag) equals the split by the documented method (shares, rounded
    by largest remainder). Seed 002 rounds 487.000 (74/12/14) to 361.000 / 58.000 / 68.000 and
    247.000 to 183.000 / 30.000 / 34.000: two different roundings of the same shares."""
    checks = []
    posts = sorted(
        {fid[len("kosten.") : -len(".totaal")] for fid in register.figures if fid.startswith("kosten.") and fid.endswith(".totaal")}
    )  # fmt: skip
    for key in posts:
        name = register.value(f"kosten.{key}.post")
        year = key.split(".", 1)[0]
        shares = register.value(f"kosten.{key}.aandelen_pct")
        checks.append(
            Check(
                f"kostenverdeling.aandelen.{key}",
                f"Kostenverdeling {name} {year}: aandelen tellen op tot 100%",
                PASSED if _close(shares, 100, 1e-6) else FAILED,
                ATTENTION,
                f"som van de aandelen {percent(shares, 2, signed=False)}",
            )
        )
        parts = sorted(
            fid[: -len(".bedrag")]
            for fid in register.figures
            if fid.startswith(f"kosten.{key}.") and fid.endswith(".bedrag")
        )
        decided = [p for p in parts if f"{p}.besloten" in register]
        if not decided:
            continue
        differ = [
            f"{register.value(p + '.gemeente')} besloten {euro(register.value(p + '.besloten'))}, "
            f"volgens de methode {euro(register.value(p + '.bedrag'))}"
            for p in decided
            if not _close(register.value(p + ".besloten"), register.value(p + ".bedrag"), 0.5)
        ]
        checks.append(
            Check(
                f"kostenverdeling.besloten.{key}",
                f"Kostenverdeling {name} {year}: besloten verdeling gelijk aan de berekende "
                "(aandelen, afgerond met de grootste overschotten)",
                FAILED if differ else PASSED,
                ATTENTION,
                "; ".join(differ)
                if differ
                else "elke besloten bijdrage is gelijk aan de berekende",
            )
        )
    return checks


def checks_to_json(checks: list[Check]) -> list[dict]:
    return [asdict(c) | {"blokkeert": c.blocks, "waarschuwt": c.warns} for c in checks]


def analyse_controles(
    register: Register,
    chapters: dict[str, Chapter],
    tables: dict[str, pd.DataFrame],
    mapping: pd.DataFrame,
    present: dict[str, bool],
    tolerance_pct: float,
    plausible_pct: dict[str, float] | None = None,
    previous: Register | None = None,
    previous_year: int | None = None,
) -> list[Check]:
    """Rule controles: every check; a blocking failure raises :class:`ChecksFailed` with the Dutch
    message (the report would contain wrong figures), warnings are logged."""
    import logging

    logger = logging.getLogger("buig_analyse")
    checks = run_checks(register, chapters, tables, mapping, present, tolerance_pct, plausible_pct)
    checks += previous_drop_checks(register, previous, previous_year)
    for check in checks:
        if check.warns:
            logger.warning(
                "WAARSCHUWING controle '%s': %s (%s)", check.id, check.description, check.detail
            )
    blocking = [c for c in checks if c.blocks]
    if blocking:
        lines = [f"- {c.description}: {c.detail}" for c in blocking]
        raise ChecksFailed(
            "Een controle op de gegevens is niet geslaagd; het rapport zou onjuiste cijfers bevatten:\n"
            + "\n".join(lines)
        )
    return checks
