"""Verdeelmodel comparison (seed 000, 4.4): actual against predicted bijstand households from the
SZW rekentool, for the own gemeente and comparison gemeenten.

Required reduction = actual - predicted households; as % of all households and of bijstand
households. Seed: 326 actual, 46 too many = 0,5% of 9.025 households and 14,2% of the bijstand
households, of which 35 alleenstaanden or eenouderhuishoudens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from buig_analyse.analysis.chapter import Chapter
from buig_analyse.lazy import pandas as pd
from buig_analyse.register.figures import Figure, Source, slug, sources_from_rows


@dataclass
class VerdeelmodelChapter(Chapter):
    name: ClassVar[str] = "verdeelmodel"
    needs: ClassVar[tuple[str, ...]] = ("verdeelmodel",)

    own: str = ""
    gemeenten: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    single_categories: list[str] = field(default_factory=list)


CHAPTER = VerdeelmodelChapter
SETTING_ID = "instelling.verdeelmodel_alleenstaand_categorieen"


def verdeelmodel_chapter(
    model: pd.DataFrame, households: pd.DataFrame, own_code: str, single_categories: list[str]
) -> VerdeelmodelChapter:
    """Figures per gemeente (reduction, shares, single-person share) and per category for the own gemeente."""
    chapter = VerdeelmodelChapter(own=own_code, single_categories=list(single_categories))
    figs = chapter.figures
    # The setting that chooses the categories is a figure: explain reaches the config key.
    figs.append(
        Figure(
            SETTING_ID,
            ", ".join(single_categories),
            "TEKST",
            "Categorieën die als alleenstaand of eenouder tellen",
            "instelling verdeelmodel.alleenstaand_categorieen in de config",
            (Source("config", "", None, "verdeelmodel.alleenstaand_categorieen",
                    ", ".join(single_categories)),),
        )
    )  # fmt: skip
    for code in [own_code] + sorted(set(model["gemeentecode"]) - {own_code}):
        rows = model[model["gemeentecode"] == code]
        house = households[households["gemeentecode"] == code]
        prefix = f"verdeelmodel.{code}"
        name = str(house["gemeente"].iloc[0])
        actual = int(rows["werkelijk"].sum())
        predicted = float(rows["voorspeld"].sum())
        reduction = actual - predicted
        excess = rows.assign(verschil=rows["werkelijk"] - rows["voorspeld"])
        single = excess[excess["categorie"].isin(single_categories)]
        figs += [
            Figure(
                f"{prefix}.naam",
                name,
                "TEKST",
                f"Naam gemeente {code}",
                "gemeente uit verdeelmodel_huishoudens",
                sources_from_rows(house, "gemeente"),
            ),
            Figure(
                f"{prefix}.huishoudens",
                int(house["huishoudens"].iloc[0]),
                "AANTAL",
                f"Huishoudens {name}",
                "huishoudens uit verdeelmodel_huishoudens",
                sources_from_rows(house, "huishoudens"),
            ),
            Figure(
                f"{prefix}.werkelijk",
                actual,
                "AANTAL",
                f"Bijstandshuishoudens {name}, werkelijk",
                "som van werkelijk over de categorieën",
                sources_from_rows(rows, "werkelijk"),
            ),
            Figure(
                f"{prefix}.voorspeld",
                predicted,
                "AANTAL",
                f"Bijstandshuishoudens {name}, voorspeld door het verdeelmodel",
                "som van voorspeld over de categorieën",
                sources_from_rows(rows, "voorspeld"),
            ),
            Figure(
                f"{prefix}.reductie",
                reduction,
                "AANTAL",
                f"Benodigde vermindering bijstandshuishoudens {name} (negatief: ruimte)",
                "werkelijk - voorspeld",
                derived_from=(f"{prefix}.werkelijk", f"{prefix}.voorspeld"),
            ),
            Figure(
                f"{prefix}.reductie_pct_huishoudens",
                reduction / int(house["huishoudens"].iloc[0]) * 100,
                "PCT",
                f"Vermindering in % van alle huishoudens, {name}",
                "reductie / huishoudens x 100",
                derived_from=(f"{prefix}.reductie", f"{prefix}.huishoudens"),
            ),
            Figure(
                f"{prefix}.reductie_pct_bijstand",
                reduction / actual * 100 if actual else None,
                "PCT",
                f"Vermindering in % van de bijstandshuishoudens, {name}",
                "reductie / werkelijk x 100",
                derived_from=(f"{prefix}.reductie", f"{prefix}.werkelijk"),
            ),
            Figure(
                f"{prefix}.alleenstaand_eenouder",
                float(single["verschil"].sum()),
                "AANTAL",
                f"Verschil werkelijk - voorspeld bij {' en '.join(single_categories)}, {name}",
                "som van (werkelijk - voorspeld) over deze categorieën",
                sources_from_rows(single, "werkelijk") + sources_from_rows(single, "voorspeld"),
                derived_from=(SETTING_ID,),
            ),
        ]
        chapter.gemeenten.append(code)
        if code == own_code:
            chapter.categories = list(rows["categorie"])
            for record in rows.to_dict("records"):
                cid = f"{prefix}.categorie.{slug(record['categorie'])}"
                one = rows[rows["categorie"] == record["categorie"]]
                figs += [
                    Figure(
                        f"{cid}.werkelijk",
                        int(record["werkelijk"]),
                        "AANTAL",
                        f"{record['categorie']}: werkelijk",
                        "werkelijk",
                        sources_from_rows(one, "werkelijk"),
                    ),
                    Figure(
                        f"{cid}.voorspeld",
                        float(record["voorspeld"]),
                        "AANTAL",
                        f"{record['categorie']}: voorspeld",
                        "voorspeld",
                        sources_from_rows(one, "voorspeld"),
                    ),
                    Figure(
                        f"{cid}.verschil",
                        float(record["werkelijk"] - record["voorspeld"]),
                        "AANTAL",
                        f"{record['categorie']}: werkelijk - voorspeld",
                        "werkelijk - voorspeld",
                        derived_from=(f"{cid}.werkelijk", f"{cid}.voorspeld"),
                    ),
                ]
    others = chapter.gemeenten[1:]
    by_pct = {f.id: f.value for f in figs if f.id.endswith(".reductie_pct_huishoudens")}
    chapter.gemeenten = [own_code] + sorted(
        others, key=lambda c: -by_pct[f"verdeelmodel.{c}.reductie_pct_huishoudens"]
    )
    return chapter


def analyse_verdeelmodel(
    model: pd.DataFrame,
    households: pd.DataFrame,
    present: bool,
    own_code: str,
    single_categories: list[str],
) -> VerdeelmodelChapter:
    """Chapter verdeelmodel (rule analyse): the comparison, or a chapter marked as missing its inputs."""
    if not present:
        return VerdeelmodelChapter(missing=["verdeelmodel"])
    return verdeelmodel_chapter(model, households, own_code, single_categories)
