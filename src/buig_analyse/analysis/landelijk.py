"""The national overview of a report year (issue 12): the distribution of the shortfalls of all
gemeenten in the TCVP's classes of the budget (tekort 0-5%, 5-15%, > 15%; overschot likewise), how
many gemeenten receive a vangnetuitkering and the total, and a ranked table.

The year is the latest realised year of the drops (report year - 1), as the TCVP publishes it. Each
figure of the overview traces to the gemeente registers it comes from: its input cells are the
figures of those registers (``<gemeente>/<jaar>/figurenregister.json``, column = figure id).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from buig_analyse.register.figures import Figure, Register, Source

CLASSES = (
    ("tekort_gt15", "tekort > 15%"),
    ("tekort_5_15", "tekort 5-15%"),
    ("tekort_0_5", "tekort 0-5%"),
    ("overschot_0_5", "overschot 0-5%"),
    ("overschot_5_15", "overschot 5-15%"),
    ("overschot_gt15", "overschot > 15%"),
)


def shortfall_class(pct: float) -> str:
    """The TCVP class of a shortfall in % of the budget (positive: tekort)."""
    size = abs(pct)
    band = "0_5" if size <= 5 else ("5_15" if size <= 15 else "gt15")
    return f"{'tekort' if pct > 0 else 'overschot'}_{band}"


@dataclass
class Entry:
    drop: str  # gemeente/jaar
    gemeente: str
    code: str
    register: Register


@dataclass
class NationalOverview:
    year: int
    figures: list[Figure] = field(default_factory=list)
    ranking: list[str] = field(default_factory=list)  # codes, largest shortfall % first
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (drop, reason)


def _source(entry: Entry, fid: str) -> Source:
    return Source(f"{entry.drop}/figurenregister.json", "", None, fid, entry.register.value(fid))


def national_overview(entries: list[Entry], year: int) -> NationalOverview:
    """Figures of the overview for realisation year ``year``."""
    overview = NationalOverview(year)
    figs = overview.figures
    shown: list[tuple[float, Entry]] = []
    for entry in entries:
        g, f = f"vangnet.tekort.{year}", f"vangnet.f_budget.{year}"
        if g not in entry.register or f not in entry.register:
            overview.left_out.append((entry.drop, f"geen tekort en budget voor {year}"))
            continue
        if entry.register.value(f"budget.lasten_status.{year}") != "realisatie":
            overview.left_out.append((entry.drop, f"{year} is geen realisatie"))
            continue
        pct = entry.register.value(g) / entry.register.value(f) * 100
        shown.append((pct, entry))
        base = f"landelijk.{entry.code}"
        payment_id = f"vangnet.uitkering.{year}"
        payment = entry.register.value(payment_id) if payment_id in entry.register else 0.0
        figs += [
            Figure(f"{base}.gemeente", entry.gemeente, "TEKST", f"Gemeente {entry.code}", "uit drop.yaml"),
            Figure(f"{base}.budget", entry.register.value(f), "EUR", f"Budget {year}, {entry.gemeente}",
                   "F uit het figurenregister van de gemeente", (_source(entry, f),)),
            Figure(f"{base}.tekort", entry.register.value(g), "EUR", f"Tekort {year}, {entry.gemeente}",
                   "G uit het figurenregister van de gemeente (negatief: overschot)", (_source(entry, g),)),
            Figure(f"{base}.tekort_pct", pct, "PCT", f"Tekort {year} in % van het budget, {entry.gemeente}",
                   "G / F x 100", derived_from=(f"{base}.tekort", f"{base}.budget")),
            Figure(f"{base}.klasse", dict(CLASSES)[shortfall_class(pct)], "TEKST",
                   f"Klasse {year}, {entry.gemeente}", "klasse van de TCVP naar tekort in % van het budget",
                   derived_from=(f"{base}.tekort_pct",)),
            Figure(f"{base}.vangnet", payment, "EUR", f"Vangnetuitkering {year}, {entry.gemeente}",
                   "vangnetuitkering uit het figurenregister van de gemeente (0 als er geen is)",
                   (_source(entry, payment_id),) if payment_id in entry.register else ()),
        ]  # fmt: skip
    shown.sort(key=lambda item: (-item[0], item[1].code))
    overview.ranking = [entry.code for _, entry in shown]
    codes = [f"landelijk.{entry.code}" for _, entry in shown]
    figs.append(
        Figure("landelijk.aantal", len(shown), "AANTAL", f"Gemeenten in het overzicht {year}",
               "aantal gemeenten met tekort en budget van het jaar", derived_from=tuple(f"{c}.tekort" for c in codes))
    )  # fmt: skip
    for key, label in CLASSES:
        members = [
            c for (pct, _), c in zip(shown, codes, strict=True) if shortfall_class(pct) == key
        ]
        figs.append(
            Figure(f"landelijk.klasse.{key}", len(members), "AANTAL", f"Gemeenten met {label} ({year})",
                   "telling van de gemeenten in deze klasse", derived_from=tuple(f"{c}.klasse" for c in members))
        )  # fmt: skip
    value = {f.id: f.value for f in figs}
    receiving = [c for c in codes if value[f"{c}.vangnet"] > 0]
    figs += [
        Figure("landelijk.vangnet.aantal", len(receiving), "AANTAL",
               f"Gemeenten met een vangnetuitkering over {year}", "telling van vangnetuitkering > 0",
               derived_from=tuple(f"{c}.vangnet" for c in codes)),
        Figure("landelijk.vangnet.totaal",
               sum(value[f"{c}.vangnet"] for c in codes), "EUR",
               f"Totaal vangnetuitkeringen over {year}", "som van de vangnetuitkeringen",
               derived_from=tuple(f"{c}.vangnet" for c in codes)),
        Figure("landelijk.tekort.totaal", sum(value[f"{c}.tekort"] for c in codes),
               "EUR", f"Saldo van de tekorten en overschotten {year}", "som van G over de gemeenten",
               derived_from=tuple(f"{c}.tekort" for c in codes)),
    ]  # fmt: skip
    return overview
