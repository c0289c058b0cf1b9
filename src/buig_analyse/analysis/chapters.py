"""Every chapter of one drop in one pass, and the figure register made from them (rule ``analyse``).

One rule per chapter cost a Python interpreter and a pandas import per chapter (about 0,8 s each,
issue 12) for a few tenths of a second of work. The chapters are still computed one by one, each
by its own module and from only the tables it uses; a chapter that builds on others (oorzaken,
maatregelen, conclusies) gets them as they read back from their files (:func:`settled`), so the
bytes are those of one step per chapter with a file in between.

The names below are also the workflow's (workflow/rules/common.smk imports them), so this module
imports the chapter modules (and pandas) only when it analyses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from buig_analyse.analysis.chapter import Chapter, settled
from buig_analyse.register.figures import dumps_figures, merge_chapters, register_csv

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# The chapters in the order of the register and the report; conclusies summarises the others.
ANALYSES = (
    "budget",
    "participatie",
    "bestand",
    "verdeelmodel",
    "benchmark",
    "oorzaken",
    "maatregelen",
)
CHAPTERS = (*ANALYSES, "conclusies")
# The charts are drawn by two jobs that run side by side (rule grafieken, one per group; issue 12:
# one job drawing all nine was the longest step before the report), each from the chapters of its
# group only. Together the groups hold every chapter with charts
# (buig_analyse.report.charts.CHARTS_OF_CHAPTER), each once; the two take about as long.
CHART_GROUPS = {
    "budget": ("budget", "participatie", "benchmark"),
    "bestand": ("bestand", "verdeelmodel", "oorzaken"),
}

# The tables each chapter reads (drop tables, then reference tables), in the order its function
# gets them.
BUDGET_TABLES = (
    "sisa",
    "rijksbijdrage",
    "voorschotten",
    "uitgaven_lopend_jaar",
    "groeiprognose",
    "meerjarenraming",
    "fout_onzeker",
)
BESTAND_TABLES = ("bestand_maand", "cbs_bevolking", "bestand_stromen", "bestand_samenstelling")
MAATREGELEN_TABLES = ("maatregelen", "plaatsingen", "kostenverdeling", "scenario")
DROP_TABLES = tuple(
    dict.fromkeys(
        (
            *BUDGET_TABLES,
            "participatiebudget",
            *BESTAND_TABLES,
            "verdeelmodel",
            "verdeelmodel_huishoudens",
            "benchmark",
            "statushouders",
            *MAATREGELEN_TABLES,
        )
    )
)
REFERENCE_TABLES = ("sisa_g2_indicatoren", "vangnet_regels", "normbedragen_besparing")


@dataclass(frozen=True)
class AnalysisSettings:
    """The config values that shape the chapters (each is also a figure in the register)."""

    history_years: int
    forecast_weights: dict[str, float]
    perspective_offset: int
    min_count: int
    single_categories: list[str]
    cost_unit: int


@dataclass(frozen=True)
class DropAnalysis:
    """The chapters of a drop (as they read back from their files) and the register of all their
    figures as JSON and as CSV."""

    chapters: dict[str, Chapter]
    register_json: str
    register_csv: str


def _pick(tables: Mapping[str, pd.DataFrame], names: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    return {name: tables[name] for name in names}


def analyse_drop(
    tables: Mapping[str, pd.DataFrame],
    reference: Mapping[str, pd.DataFrame],
    manifest: dict,
    settings: AnalysisSettings,
) -> DropAnalysis:
    """Analyse every chapter of a validated drop and build its figure register."""
    from buig_analyse.analysis.benchmark import analyse_benchmark
    from buig_analyse.analysis.bestand import analyse_bestand
    from buig_analyse.analysis.budget import analyse_budget
    from buig_analyse.analysis.conclusies import analyse_conclusies
    from buig_analyse.analysis.maatregelen import analyse_maatregelen
    from buig_analyse.analysis.oorzaken import analyse_oorzaken
    from buig_analyse.analysis.participatie import analyse_participatie
    from buig_analyse.analysis.verdeelmodel import analyse_verdeelmodel

    meta, present = manifest["meta"], manifest["present"]
    year = meta["verslagjaar"]
    budget_tables = _pick(tables, BUDGET_TABLES)
    if not present.get("fout_onzeker"):
        budget_tables.pop("fout_onzeker")  # step D is assumed 0 and the report says so
    done: dict[str, Chapter] = {}
    done["budget"] = settled(
        analyse_budget(
            budget_tables,
            reference["sisa_g2_indicatoren"],
            reference["vangnet_regels"],
            year,
            settings.history_years,
            settings.forecast_weights,
            settings.perspective_offset,
        )
    )
    done["participatie"] = settled(
        analyse_participatie(
            tables["participatiebudget"],
            present.get("participatiebudget", False),
            year,
            settings.history_years,
            meta["participatie_referentiejaar"],
        )
    )
    done["bestand"] = settled(
        analyse_bestand(
            _pick(tables, BESTAND_TABLES),
            present,
            manifest["files"],
            meta["gemeentecode"],
            meta["bestand_peildatum"],
            settings.min_count,
        )
    )
    done["verdeelmodel"] = settled(
        analyse_verdeelmodel(
            tables["verdeelmodel"],
            tables["verdeelmodel_huishoudens"],
            present.get("verdeelmodel", False),
            meta["gemeentecode"],
            settings.single_categories,
        )
    )
    done["benchmark"] = settled(
        analyse_benchmark(tables["benchmark"], tables["bestand_maand"], present, year)
    )
    done["oorzaken"] = settled(
        analyse_oorzaken(
            {"budget": done["budget"]}, tables["bestand_maand"], tables["statushouders"]
        )
    )
    done["maatregelen"] = settled(
        analyse_maatregelen(
            _pick(tables, MAATREGELEN_TABLES),
            reference["normbedragen_besparing"],
            settings.cost_unit,
            present,
            done["budget"],
            reference["vangnet_regels"],
        )
    )
    done["conclusies"] = settled(
        analyse_conclusies(
            {name: done[name] for name in ANALYSES}, meta["gemeente"], meta["gemeentecode"]
        )
    )
    register = merge_chapters(done)
    return DropAnalysis(
        chapters=done,
        register_json=dumps_figures(list(register.figures.values()), register),
        register_csv=register_csv(register),
    )
