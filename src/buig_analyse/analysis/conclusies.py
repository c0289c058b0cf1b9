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


def conclusions(
    register: Register, chapters: dict[str, Chapter], gemeente: str, gemeentecode: str
) -> tuple[list[str], list[Figure]]:
    """Bullets (Markdown) and the extra figures they cite."""
    bullets: list[str] = []
    extra: list[Figure] = []
    gemeente = markdown_text(gemeente)
    budget = chapters["budget"]

    years = budget.perspective_years
    if len(years) > 1:
        first, last = years[0], years[-1]
        change = (
            register.value(f"budget.rijksbijdrage.{last}")
            / register.value(f"budget.rijksbijdrage.{first}")
            - 1
        ) * 100
        extra.append(
            Figure(
                "conclusie.rijksbijdrage_mutatie",
                change,
                "MUTATIE",
                f"Mutatie rijksbijdrage {last} t.o.v. {first}",
                "(rijksbijdrage laatste jaar / eerste jaar - 1) x 100",
                derived_from=(f"budget.rijksbijdrage.{first}", f"budget.rijksbijdrage.{last}"),
            )
        )
        steps = [
            register.value(f"budget.rijksbijdrage_mutatie.{y}")
            for y in years[1:]
            if f"budget.rijksbijdrage_mutatie.{y}" in register
        ]
        if steps and all(s > 0 for s in steps):
            trend = "structureel een toename"
        elif steps and all(s < 0 for s in steps):
            trend = "structureel een afname"
        else:
            trend = f"een wisselende ontwikkeling met per saldo {_direction(change)}"
        bullets.append(
            f"We zien {trend} van de BUIG-rijksbijdrage voor {gemeente}: van [[budget.rijksbijdrage.{first}]] in {first} "
            f"naar [[budget.rijksbijdrage.{last}]] in {last} ([[conclusie.rijksbijdrage_mutatie]])."
        )

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
        forecast_year = max(budget.years) if budget.forecast_methods else None
        if forecast_year and f"budget.lasten_mutatie.{forecast_year}" in register:
            spend = register.value(f"budget.lasten_mutatie.{forecast_year}")
            text += (
                f" We verwachten {'een daling' if spend < 0 else 'een stijging'} van de uitgaven BUIG in {forecast_year} "
                f"t.o.v. {forecast_year - 1} ([[budget.lasten_mutatie.{forecast_year}]])."
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
    """Rule analyse_conclusies: the conclusions from every other chapter's figures."""
    register = Register()
    for name in sorted(chapters):
        register.extend(chapters[name].figures)
    bullets, figures = conclusions(register, chapters, gemeente, gemeentecode)
    return ConclusiesChapter(figures=figures, bullets=bullets)
