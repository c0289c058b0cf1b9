"""Reconciliation checks on the data ("Controles" appendix of the report).

A check either passes, fails, or cannot be performed because an input is absent. A failed check
that makes a figure wrong is *blokkerend*: the run stops with the Dutch message. One that only
needs attention is a *waarschuwing*: shown in the report and printed in the log.

Checks:
- SiSa components add up to the lasten and baten used in the report, per realised year;
- the rijksbijdrage in the SiSa export (indicator with soort "rijksbijdrage") equals the definitief
  budget decision;
- resultaat = rijksbijdrage - lasten + baten, recomputed from the typed tables;
- the monthly caseload (Participatiewet) agrees with the client-level export within a tolerance;
- every year of the report period has each required input, and each present optional chapter
  covers the years it is shown for.
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


def run_checks(
    register: Register,
    chapters: dict[str, Chapter],
    tables: dict[str, pd.DataFrame],
    mapping: pd.DataFrame,
    present: dict[str, bool],
    tolerance_pct: float,
) -> list[Check]:
    """All checks for one drop, in the order they are printed."""
    checks: list[Check] = []
    budget_years = chapters["budget"].years
    sisa = tables["sisa"]
    realised = [
        y for y in budget_years if register.value(f"budget.lasten_status.{y}") == "realisatie"
    ]

    for year in realised:
        for side in ("lasten", "baten"):
            keys = mapping[(mapping["jaar"] == year) & (mapping["soort"] == side)]
            rows = sisa[(sisa["jaar"] == year) & sisa["indicator"].isin(set(keys["indicator"]))]
            by_component = (
                rows.merge(keys[["indicator", "component"]], on="indicator")
                .groupby("component")["bedrag"]
                .sum()
            )
            total = float(by_component.sum())
            reported = register.value(f"budget.{side}.{year}")
            parts = ", ".join(f"{c} {euro(v)}" for c, v in by_component.items())
            ok = _close(total, reported)
            checks.append(
                Check(
                    f"sisa_componenten.{side}.{year}",
                    f"SiSa {year}: componenten van de {side} tellen op tot het totaal",
                    PASSED if ok else FAILED,
                    BLOCKING,
                    f"{parts}; som {euro(total)}, in het rapport {euro(reported)}",
                )
            )

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
) -> list[Check]:
    """Rule controles: every check; a blocking failure raises :class:`ChecksFailed` with the Dutch
    message (the report would contain wrong figures), warnings are logged."""
    import logging

    logger = logging.getLogger("buig_analyse")
    checks = run_checks(register, chapters, tables, mapping, present, tolerance_pct)
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
