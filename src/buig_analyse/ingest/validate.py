"""Validation of a whole data drop: find and read every file, parse it against the contract, apply
the cross-file rules, and collect every problem before stopping so staff see everything that needs
fixing in one go. Any problem stops the run before anything downstream is written."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from buig_analyse.errors import InputValidationError, Problem
from buig_analyse.ingest.bus_codes import translate_bus_codes
from buig_analyse.ingest.contract import (
    BESTAND_CLIENTEN,
    DROP_TABLES,
    NATIONAL_AREA,
    SISA,
    TableSpec,
    period_months,
)
from buig_analyse.ingest.drop_meta import DropMeta, read_drop_meta
from buig_analyse.ingest.guard import DEFAULT, Limits
from buig_analyse.ingest.layout import drop_input_files, processed_table_names, sisa_files
from buig_analyse.ingest.origin import SOURCE_COLUMNS, SOURCE_ROW
from buig_analyse.ingest.parse import parse_table
from buig_analyse.ingest.readers import read_table


@dataclass
class ValidatedDrop:
    """The typed tables of one data drop, plus which optional inputs were present and checksums."""

    meta: DropMeta
    tables: dict[str, pd.DataFrame]
    present: dict[str, bool]
    files: dict[str, str] = field(default_factory=dict)  # label -> sha256


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def find_table_file(drop_dir: Path, name: str) -> Path | None:
    """The .csv or .xlsx file of a table in the drop; both at once is ambiguous and refused."""
    candidates = [
        drop_dir / f"{name}{ext}"
        for ext in (".csv", ".xlsx")
        if os.path.lexists(drop_dir / f"{name}{ext}")
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


def validate_drop(
    drop_dir: Path, sisa_mapping: pd.DataFrame, history_years: int, limits: Limits = DEFAULT
) -> ValidatedDrop:
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
            raw = read_table(path, label, drop_dir, limits)
            refuse_personal_numbers(raw, SISA, label)
            sisa_parts.append(parse_table(raw, SISA, label))
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
            raw = read_table(path, path.name, drop_dir, limits)
            refuse_personal_numbers(raw, spec, path.name)
            if spec is BESTAND_CLIENTEN:
                raw = translate_bus_codes(raw, path.name)  # CBS BUS codes -> contract values
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
    # Rules within one row of a table (a voorschot settled before it was received, a benefit
    # ending before it started) are part of each table's pandera schema (ingest.contract).
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


def load_reference_tables(reference_dir: Path) -> dict[str, pd.DataFrame]:
    """The validated reference tables (SiSa indicator mapping, vangnet rule table, the norm
    amounts of the fictieve besparing)."""
    from buig_analyse.ingest.contract import NORMBEDRAGEN, SISA_MAPPING, VANGNET_RULES

    return {
        "sisa_g2_indicatoren": load_reference_table(
            reference_dir / "sisa_g2_indicatoren.csv", SISA_MAPPING
        ),
        "vangnet_regels": load_reference_table(reference_dir / "vangnet_regels.csv", VANGNET_RULES),
        "normbedragen_besparing": load_reference_table(
            reference_dir / "normbedragen_besparing.csv", NORMBEDRAGEN
        ),
    }


def context_from_reference(reference_dir: Path, gemeentecode: str) -> pd.DataFrame | None:
    """The CBS context (cbs_bevolking) of a drop without its own file, from the reference data
    that ``buig-cbs`` fetched: the rows of the gemeente and of Nederland, validated like the drop's
    file; None when there is no such file or it has no row of this gemeente."""
    from buig_analyse.ingest.cbs import CSV_NAME, NEDERLAND
    from buig_analyse.ingest.contract import CBS_BEVOLKING

    path = reference_dir / "cbs" / CSV_NAME
    if not path.is_file():
        return None
    label = f"data/reference/cbs/{CSV_NAME}"
    frame = parse_table(read_table(path, label), CBS_BEVOLKING, label)
    rows = frame[frame["gebied"].isin([gemeentecode, NEDERLAND])]
    if not (rows["gebied"] == gemeentecode).any():
        return None
    return rows.reset_index(drop=True)


def reference_files(reference_dir: Path) -> dict[str, str]:
    """SHA-256 of every reference file the run may read, by path under data/reference (the CBS
    context and its source stamp included)."""
    paths = [
        *reference_dir.glob("*.csv"),
        *reference_dir.glob("cbs/*.csv"),
        *reference_dir.glob("cbs/*.json"),
    ]
    return {p.relative_to(reference_dir).as_posix(): sha256_of(p) for p in sorted(paths)}


def refuse_overlapping_rules(rules: pd.DataFrame) -> None:
    """Two rows of the vangnet rule table may not cover the same year."""
    ordered = rules.sort_values("jaar_van").to_dict("records")
    problems = [
        Problem(
            "vangnet_regels.csv",
            after[SOURCE_ROW],
            "jaar_van",
            f"regels overlappen: {before['jaar_van']}-{before['jaar_tot_en_met']} en {after['jaar_van']}",
        )
        for before, after in zip(ordered, ordered[1:], strict=False)
        if after["jaar_van"] <= before["jaar_tot_en_met"]
    ]
    if problems:
        raise InputValidationError(problems)


def refuse_personal_numbers(raw: pd.DataFrame, spec: TableSpec, label: str) -> None:
    """No BSN anywhere: every column of a personal file, the free-text columns of every file."""
    from buig_analyse.ingest.privacy import bsn_in_free_text, bsn_problems

    if spec.personal:
        found = bsn_problems(raw, label, [c for c in raw.columns if c not in SOURCE_COLUMNS])
    else:
        text_columns = [name for name, col in spec.columns.items() if col.kind == "text"]
        found = bsn_in_free_text(raw, label, text_columns)
    if found:
        raise InputValidationError(found)


def problems_with_folder(drop_dir: Path, meta: DropMeta) -> None:
    """A drop in data/raw/<gemeente>/<jaar> is the report of that year: verslagjaar must agree."""
    folder = Path(drop_dir).name
    if folder.isdigit() and len(folder) == 4 and folder != str(meta.verslagjaar):
        raise InputValidationError(
            [
                Problem(
                    "drop.yaml",
                    None,
                    "verslagjaar",
                    f"verslagjaar {meta.verslagjaar} hoort niet bij de map '{Path(drop_dir).name[:20]}'; "
                    "zet de aanlevering in de map van haar verslagjaar of verbeter verslagjaar",
                )
            ]
        )


def ingest_drop(
    drop_dir: Path,
    reference_dir: Path,
    history_years: int,
    min_count: int,
    limits: Limits | dict | None = None,
) -> tuple[dict[str, pd.DataFrame], dict]:
    """Rule validate_drop: validate a data drop and return its clean, typed tables (client-level
    data reduced to suppressed aggregates) and its manifest (meta, present inputs, checksums)."""
    import datetime as dt
    from dataclasses import asdict

    from buig_analyse.ingest.aannames import marked_inputs
    from buig_analyse.ingest.aggregaten import client_aggregates, month_end, suppress_monthly

    reference = load_reference_tables(reference_dir)
    refuse_overlapping_rules(reference["vangnet_regels"])
    if not isinstance(limits, Limits):
        limits = Limits.from_config(limits)
    drop = validate_drop(drop_dir, reference["sisa_g2_indicatoren"], history_years, limits)
    problems_with_folder(drop_dir, drop.meta)
    context_source = "aanlevering" if drop.present.get("cbs_bevolking") else None
    if context_source is None:
        context = context_from_reference(reference_dir, drop.meta.gemeentecode)
        if context is not None:
            drop.tables["cbs_bevolking"] = context
            drop.present["cbs_bevolking"] = True
            context_source = "referentie"
    tables = drop.tables
    monthly = tables["bestand_maand"]
    months = sorted({(int(r["jaar"]), int(r["maand"])) for r in monthly.to_dict("records")})
    peildatum = drop.meta.bestand_peildatum or (
        month_end(*months[-1]).isoformat() if months else drop.meta.drop_datum
    )
    drop.meta.bestand_peildatum = peildatum
    year = drop.meta.verslagjaar
    clients = tables.pop("bestand_clienten")
    if drop.present.get("bestand_clienten"):
        composition, flows, client_months, _ = client_aggregates(
            clients,
            dt.date.fromisoformat(peildatum),
            list(range(year - history_years, year + 1)),
            months,
            min_count,
        )
    else:
        composition = _empty_frame(["dimensie", "groep", "aantal", "onderdrukt", "aanvullend"])
        flows = _empty_frame(["jaar", "richting", "reden", "aantal", "onderdrukt", "aanvullend"])
        client_months = _empty_frame(["jaar", "maand", "aantal"])
    del clients
    tables["bestand_samenstelling"] = composition
    tables["bestand_stromen"] = flows
    tables["bestand_clienten_maand"] = client_months
    if drop.present.get("bestand_maand"):
        tables["bestand_maand"] = suppress_monthly(monthly, min_count)
    tables.update(reference)
    manifest = {
        "meta": asdict(drop.meta),
        "present": dict(sorted(drop.present.items())),
        "aannames": marked_inputs(tables),
        "files": drop.files,
        "reference_files": reference_files(reference_dir),
    }
    if context_source == "referentie":
        manifest["cbs_context"] = _cbs_stamp(reference_dir, drop.meta.gemeentecode)
    return {name: tables[name] for name in processed_table_names()}, manifest


def _cbs_stamp(reference_dir: Path, gemeentecode: str) -> dict:
    """Table, periods and download dates of the gemeente's CBS reference data (from
    cbs_70072ned.bron.json)."""
    import json

    from buig_analyse.ingest.cbs import STAMP_NAME, context_note

    path = reference_dir / "cbs" / STAMP_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise InputValidationError(
            [Problem(f"data/reference/cbs/{STAMP_NAME}", None, None,
                     "bronvermelding van de CBS-cijfers ontbreekt of is onleesbaar; haal ze opnieuw op met buig-cbs")]
        ) from None  # fmt: skip
    return context_note(data, gemeentecode)


def _empty_frame(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
