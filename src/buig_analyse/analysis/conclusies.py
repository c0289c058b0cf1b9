"""Conclusions of the analysis (seed 000, 4.6), generated from the computed figures.

Each bullet's statement and direction follow the data: a rising budget says rising, a falling one
falling. Bullets are Markdown with ``[[figure-id]]`` placeholders, rendered like staff narrative, so
every number in them comes from the register. Staff narrative (narratief/conclusies.md) follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar

from buig_analyse.analysis.chapter import Chapter
from buig_analyse.register.figures import Figure, Register, slug


@dataclass
class ConclusiesChapter(Chapter):
    """The generated conclusions: Markdown bullets and the figures they cite."""

    name: ClassVar[str] = "conclusies"
    summarises: ClassVar[bool] = True

    bullets: list[str] = field(default_factory=list)


CHAPTER = ConclusiesChapter


def markdown_text(text: object) -> str:
    """Text from drop.yaml or the data as literal text inside a generated Markdown bullet: every
    Markdown character escaped, so a name can never become a link, emphasis or a placeholder."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!<>|~&])", r"\\\1", str(text))


def _direction(change: float, small: float = 1.0, tiny: float = 0.25) -> str:
    """Dutch wording of a relative change in percent points."""
    if abs(change) < tiny:
        return "een gelijkblijvend niveau"
    size = "zeer lichte " if abs(change) < small else ("lichte " if abs(change) < 3 * small else "")
    return f"een {size}{'toename' if change > 0 else 'afname'}"


def _change_figure(fid: str, register: Register, first: int, last: int, label: str) -> Figure:
    return Figure(
        fid,
        (
            register.value(f"budget.rijksbijdrage.{last}")
            / register.value(f"budget.rijksbijdrage.{first}")
            - 1
        )
        * 100,
        "MUTATIE",
        f"{label} {last} t.o.v. {first}",
        "(rijksbijdrage laatste jaar / eerste jaar - 1) x 100",
        derived_from=(f"budget.rijksbijdrage.{first}", f"budget.rijksbijdrage.{last}"),
    )


def _trend(steps: list[float], change: float) -> str:
    """'structureel een toename' when every year-on-year step (at least two) goes up, likewise
    down; otherwise the direction of the change over the whole period."""
    if len(steps) > 1 and all(x > 0 for x in steps):
        return "structureel een toename"
    if len(steps) > 1 and all(x < 0 for x in steps):
        return "structureel een afname"
    return _direction(change)


def _forecast_year(register: Register, budget) -> int | None:
    """The year whose lasten are a spending forecast (not a plan), if any."""
    found = [y for y in budget.years if register.value(f"budget.lasten_status.{y}") == "prognose"]
    return found[0] if found else None


def _shortfall_years(register: Register, budget) -> list[int]:
    """The latest realised year and the forecast year, when they have a shortfall figure."""
    realised = [
        y for y in budget.years if register.value(f"budget.lasten_status.{y}") == "realisatie"
    ]
    years = realised[-1:]
    forecast = _forecast_year(register, budget)
    if forecast is not None:
        years.append(forecast)
    return [y for y in years if f"vangnet.tekort.{y}" in register]


def _month_text(key: str) -> str:
    from buig_analyse.register.formatting import month_nl

    return month_nl(key)


def conclusions(
    register: Register, chapters: dict[str, Chapter], gemeente: str, gemeentecode: str
) -> tuple[list[str], list[Figure]]:
    """Bullets (Markdown) and the extra figures they cite."""
    bullets: list[str] = []
    extra: list[Figure] = []
    gemeente = markdown_text(gemeente)
    budget = chapters["budget"]

    # The rijksbijdrage: decided amounts (beschikkingen) compared with decided amounts, the
    # forecast (prognose) said apart, so a falling budget is never hidden by a rising forecast.
    years = budget.perspective_years
    decided = [y for y in years if register.value(f"budget.rijksbijdrage_versie.{y}") != "prognose"]
    forecast = [y for y in years if y not in decided and (not decided or y > decided[-1])]
    if len(decided) > 1:
        first, last = decided[0], decided[-1]
        extra.append(_change_figure("conclusie.rijksbijdrage_mutatie", register, first, last,
                                    "Mutatie rijksbijdrage (beschikkingen)"))  # fmt: skip
        steps = [
            register.value(f"budget.rijksbijdrage_mutatie.{y}")
            for y in decided[1:]
            if f"budget.rijksbijdrage_mutatie.{y}" in register
        ]
        change = extra[-1].value
        trend = _trend(steps, change)
        text = (
            f"We zien {trend} van de BUIG-rijksbijdrage voor {gemeente}: van [[budget.rijksbijdrage.{first}]] in {first} "
            f"([[budget.rijksbijdrage_versie.{first}]]) naar [[budget.rijksbijdrage.{last}]] in {last} "
            f"([[budget.rijksbijdrage_versie.{last}]]; [[conclusie.rijksbijdrage_mutatie]])."
        )
        if forecast:
            end_year = forecast[-1]
            extra.append(_change_figure("conclusie.rijksbijdrage_raming", register, last, end_year,
                                        "Mutatie rijksbijdrage volgens de raming"))  # fmt: skip
            ahead = [
                register.value(f"budget.rijksbijdrage_mutatie.{y}")
                for y in forecast
                if f"budget.rijksbijdrage_mutatie.{y}" in register
            ]
            text += (
                f" De raming van het Rijk (prognose, geen beschikking) laat {_trend(ahead, extra[-1].value)} zien "
                f"tot [[budget.rijksbijdrage.{end_year}]] in {end_year} ([[conclusie.rijksbijdrage_raming]])."
            )
        bullets.append(text)

    # The shortfall in % of the budget and whether the vangnet applies: the latest realised year
    # and, labelled, the forecast year.
    for year in _shortfall_years(register, budget):
        status = register.value(f"budget.lasten_status.{year}")
        label = "" if status == "realisatie" else f" ({status})"
        shortfall = register.value(f"vangnet.tekort.{year}")
        if shortfall <= 0:
            bullets.append(
                f"In {year}{label} is er geen tekort maar een overschot van [[conclusie.overschot.{year}]]."
            )
            extra.append(Figure(f"conclusie.overschot.{year}", -shortfall, "EUR",
                                f"Overschot {year}", "-G", derived_from=(f"vangnet.tekort.{year}",)))  # fmt: skip
            continue
        text = f"Het tekort {year}{label} is [[vangnet.tekort.{year}]], [[vangnet.tekort_pct.{year}]] van de rijksbijdrage."
        if (
            f"vangnet.uitkering.{year}" in register
            and register.value(f"vangnet.uitkering.{year}") > 0
        ):
            text += (
                f" Daarmee komt {gemeente} in aanmerking voor een vangnetuitkering van [[vangnet.uitkering.{year}]]; "
                f"het eigen risico is [[vangnet.eigen_risico.{year}]]."
            )
        elif f"vangnet.uitkering.{year}" in register:
            text += f" Een vangnetuitkering is niet aan de orde: [[vangnet.toelichting.{year}]]."
        else:
            text += f" Of het vangnet van toepassing is, is niet te bepalen: [[vangnet.toelichting.{year}]]."
        bullets.append(text)

    participatie = chapters.get("participatie")
    if participatie and not participatie.absent and len(participatie.years) > 1:
        last, previous = participatie.years[-1], participatie.years[-2]
        change = (
            register.value(f"participatie.rijksbijdrage.{last}")
            / register.value(f"participatie.rijksbijdrage.{previous}")
            - 1
        ) * 100
        extra.append(
            Figure(
                "conclusie.participatie_mutatie",
                change,
                "MUTATIE",
                f"Mutatie participatiebudget {last} t.o.v. {previous}",
                "(budget T / budget T-1 - 1) x 100",
                derived_from=(
                    f"participatie.rijksbijdrage.{last}",
                    f"participatie.rijksbijdrage.{previous}",
                ),
            )
        )
        text = f"We zien {_direction(change)} van het participatiebudget in {last} ([[conclusie.participatie_mutatie]])."
        if "participatie.mutatie_referentiejaar" in register:
            ref = register.value("participatie.mutatie_referentiejaar")
            text += (
                f" Ten opzichte van {participatie.reference_year} is het budget echter {'lager' if ref < 0 else 'hoger'} "
                f"([[participatie.mutatie_referentiejaar]])."
            )
        bullets.append(text)

    caseload = chapters.get("bestand")
    ends = caseload.year_ends if caseload else []
    if len(ends) > 1:
        last, previous = ends[-1], ends[-2]
        change = register.value(f"bestand.mutatie.{last}-12") or 0.0
        text = f"We zien {_direction(change)} van het bestand: eind {last} [[bestand.totaal.{last}-12]] uitkeringen tegen [[bestand.totaal.{previous}-12]] eind {previous} ([[bestand.mutatie.{last}-12]])."
        month = caseload.months[-1] if caseload.months else None
        if month and not month.endswith("-12") and f"bestand.mutatie.{month}" in register:
            recent = register.value(f"bestand.mutatie.{month}")
            text += (
                f" In de meest recente twaalf maanden, tot en met {_month_text(month)}, is dat {_direction(recent)} "
                f"([[bestand.mutatie.{month}]])."
            )
        forecast_year = _forecast_year(register, budget)
        if forecast_year and f"budget.lasten_mutatie.{forecast_year}" in register:
            spend = register.value(f"budget.lasten_mutatie.{forecast_year}")
            text += (
                f" We verwachten (prognose) {'een daling' if spend < 0 else 'een stijging'} van de uitgaven BUIG in {forecast_year} "
                f"t.o.v. de realisatie {forecast_year - 1} ([[budget.lasten_mutatie.{forecast_year}]])."
            )
        bullets.append(text)

    status_years = chapters["oorzaken"].status_years if "oorzaken" in chapters else []
    if status_years:
        year = max(status_years)
        bullets.append(
            f"Een deel van de ontwikkeling van het bestand kunnen we niet beïnvloeden: de extra instroom van "
            f"[[oorzaken.statushouders.{year}]] statushouders in {year} betekent [[oorzaken.statushouders_pct.{year}]] van het bestand eind {year - 1}."
        )

    model = chapters.get("verdeelmodel")
    if model and not model.absent and model.own:
        prefix = f"verdeelmodel.{gemeentecode}"
        reduction = register.value(f"{prefix}.reductie")
        if reduction > 0:
            text = (
                f"Volgens het verdeelmodel heeft {gemeente} [[{prefix}.reductie]] bijstandshuishoudens meer dan voorspeld "
                f"([[{prefix}.reductie_pct_huishoudens]] van alle huishoudens, [[{prefix}.reductie_pct_bijstand]] van de bijstandshuishoudens)"
            )
            if register.value(f"{prefix}.alleenstaand_eenouder") > 0:
                text += f", waarvan [[{prefix}.alleenstaand_eenouder]] {' of '.join(model.single_categories)}"
            bullets.append(text + ".")
        else:
            bullets.append(
                f"Volgens het verdeelmodel heeft {gemeente} minder bijstandshuishoudens dan voorspeld "
                f"([[{prefix}.reductie]]): het volume verklaart het tekort niet."
            )
        over = sorted(
            (
                c
                for c in model.categories
                if register.value(f"{prefix}.categorie.{slug(c)}.verschil") > 0
            ),
            key=lambda c: -register.value(f"{prefix}.categorie.{slug(c)}.verschil"),
        )[:3]
        if over:
            names = ", ".join(f"{c} ([[{prefix}.categorie.{slug(c)}.verschil]])" for c in over)
            bullets.append(
                f"De grootste verschillen met het verdeelmodel zitten bij: {names}. Deze groepen onderzoeken we gericht."
            )

    bench = chapters.get("benchmark")
    if bench and not bench.absent and bench.indicators:
        unfavourable = [
            i for i in bench.indicators if register.value(f"benchmark.{i}.oordeel") == "ongunstig"
        ]
        extra.append(
            Figure(
                "conclusie.benchmark_ongunstig",
                len(unfavourable),
                "AANTAL",
                "Aantal indicatoren ongunstig t.o.v. de grootteklasse",
                "telling van oordeel = ongunstig",
                derived_from=tuple(f"benchmark.{i}.oordeel" for i in bench.indicators),
            )
        )
        extra.append(
            Figure(
                "conclusie.benchmark_totaal",
                len(bench.indicators),
                "AANTAL",
                "Aantal benchmarkindicatoren",
                "telling van de indicatoren",
                derived_from=tuple(f"benchmark.{i}.oordeel" for i in bench.indicators),
            )
        )
        text = f"In de benchmark ({bench.year}) wijken [[conclusie.benchmark_ongunstig]] van de [[conclusie.benchmark_totaal]] indicatoren ongunstig af van de grootteklasse"
        if unfavourable:
            text += ", het sterkst: " + ", ".join(
                f"[[benchmark.{i}.omschrijving]] ([[benchmark.{i}.afwijking_pct]])"
                for i in unfavourable[:3]
            )
        text += "."
        for indicator in bench.money_indicators:
            if register.value(f"benchmark.{indicator}.verschil_grootteklasse") > 0:
                text += (
                    f" De [[benchmark.{indicator}.omschrijving]] ligt [[benchmark.{indicator}.verschil_grootteklasse]] boven de grootteklasse; "
                    f"over alle uitkeringen is dat [[benchmark.{indicator}.effect_euro]] per jaar."
                )
        bullets.append(text)
    return bullets, extra


def analyse_conclusies(
    chapters: dict[str, Chapter], gemeente: str, gemeentecode: str
) -> ConclusiesChapter:
    """Chapter conclusies (rule analyse): the conclusions from every other chapter's figures."""
    register = Register()
    for name in sorted(chapters):
        register.extend(chapters[name].figures)
    bullets, figures = conclusions(register, chapters, gemeente, gemeentecode)
    return ConclusiesChapter(figures=figures, bullets=bullets)
