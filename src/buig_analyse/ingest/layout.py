"""Where the files of a data drop are (docs/data-contract.md, "Folder"). Deliberately free of
heavy imports: the Snakefile uses it to list a drop's inputs before any job runs."""

from __future__ import annotations

from pathlib import Path

# Input tables besides sisa/ (one .csv or .xlsx each); order as in the data contract.
TABLE_FILES = (
    "rijksbijdrage",
    "voorschotten",
    "uitgaven_lopend_jaar",
    "groeiprognose",
    "meerjarenraming",
    "participatiebudget",
    "bestand_maand",
    "bestand_clienten",
    "cbs_bevolking",
    "benchmark",
    "verdeelmodel",
    "verdeelmodel_huishoudens",
    "statushouders",
    "controletotalen",
    "fout_onzeker",
    "maatregelen",
    "plaatsingen",
    "kostenverdeling",
    "scenario",
)
EXTENSIONS = (".csv", ".xlsx")

# Tables written to data/processed by the validation. The client-level caseload export is personal
# data: only its suppressed aggregates are written. The two reference tables are written validated,
# so no later rule parses a raw file again.
PERSONAL_TABLES = ("bestand_clienten",)
CLIENT_AGGREGATES = ("bestand_samenstelling", "bestand_stromen", "bestand_clienten_maand")
REFERENCE_TABLES = ("sisa_g2_indicatoren", "vangnet_regels", "normbedragen_besparing")


def processed_table_names() -> list[str]:
    """Every table the validation writes to data/processed, in a fixed order."""
    return [
        "sisa",
        *(name for name in TABLE_FILES if name not in PERSONAL_TABLES),
        *CLIENT_AGGREGATES,
        *REFERENCE_TABLES,
    ]


def sisa_files(drop_dir: Path) -> list[Path]:
    """The SiSa exports of a drop (sisa/*.csv, sisa/*.xlsx)."""
    return sorted(p for p in (Path(drop_dir) / "sisa").glob("*") if p.suffix.lower() in EXTENSIONS)


def drop_input_files(drop_dir: Path) -> list[Path]:
    """Every raw file the validation reads (narrative excluded: it is checked when rendering)."""
    drop_dir = Path(drop_dir)
    files = [drop_dir / "drop.yaml", *sisa_files(drop_dir)]
    for name in TABLE_FILES:
        files += [p for ext in EXTENSIONS if (p := drop_dir / f"{name}{ext}").exists()]
    return files
