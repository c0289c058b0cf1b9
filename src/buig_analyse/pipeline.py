"""Stage functions the Snakemake rules call: they read files, call the pure domain functions and
write outputs atomically (temporary name, then rename), so a failed step leaves nothing half-written.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

from . import __version__
from .drop_layout import TABLE_FILES
from .figures import Register, dumps_figures, loads_figures, register_csv

# Stage functions import the heavy libraries (pandas, pandera, matplotlib, WeasyPrint) themselves,
# so each Snakemake job only pays for what it uses.
# Clean tables written to data/processed. The client-level caseload export is personal data: only
# its suppressed aggregates (bestand_samenstelling, bestand_stromen, bestand_clienten_maand) are written.
PERSONAL_TABLES = ("bestand_clienten",)
CLIENT_AGGREGATES = ("bestand_samenstelling", "bestand_stromen", "bestand_clienten_maand")
TABLE_NAMES = [
    "sisa",
    *(name for name in TABLE_FILES if name not in PERSONAL_TABLES),
    *CLIENT_AGGREGATES,
]


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write a file via a temporary name in the same folder and rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def dump_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _parquet_bytes(frame) -> bytes:
    import io

    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False, engine="pyarrow", compression="zstd")
    return buffer.getvalue()


def stage_validate(
    drop_dir: Path,
    reference_dir: Path,
    history_years: int,
    min_count: int,
    outputs: dict[str, Path],
) -> None:
    """Validate a data drop and write its clean, typed tables (parquet) and manifest. The client
    level export is reduced to suppressed aggregates here (see buig_analyse.caseload)."""
    import datetime as dt

    from .caseload import client_aggregates, month_end, suppress_monthly
    from .validation import SISA_MAPPING, VANGNET_RULES, load_reference_table, validate_drop
    from .vangnet import rules_from_table

    mapping = load_reference_table(reference_dir / "sisa_g2_indicatoren.csv", SISA_MAPPING)
    rules = load_reference_table(reference_dir / "vangnet_regels.csv", VANGNET_RULES)
    rules_from_table(rules)  # refuse overlapping rules before anything is written
    drop = validate_drop(drop_dir, mapping, history_years)
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
        composition = _empty_frame(["dimensie", "groep", "aantal", "onderdrukt"])
        flows = _empty_frame(["jaar", "richting", "reden", "aantal", "onderdrukt"])
        client_months = _empty_frame(["jaar", "maand", "aantal"])
    del clients
    tables["bestand_samenstelling"], tables["bestand_stromen"], tables["bestand_clienten_maand"] = (
        composition,
        flows,
        client_months,
    )
    if drop.present.get("bestand_maand"):
        tables["bestand_maand"] = suppress_monthly(monthly, min_count)
    for name in TABLE_NAMES:
        write_atomic(outputs[name], _parquet_bytes(tables[name]))
    manifest = {
        "meta": asdict(drop.meta),
        "present": dict(sorted(drop.present.items())),
        "files": drop.files,
        "reference_files": {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(reference_dir.glob("*.csv"))
        },
    }
    write_atomic(outputs["manifest"], dump_json(manifest))


def _empty_frame(columns: list[str]):
    import pandas as pd

    return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})


def read_processed(paths: dict[str, Path]) -> dict:
    import pandas as pd

    return {name: pd.read_parquet(paths[name]) for name in TABLE_NAMES if name in paths}


def read_manifest(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def stage_budget(
    tables: dict[str, Path], manifest: Path, reference_dir: Path, params: dict, output: Path
) -> None:
    """Budget chapter figures and layout (seed 000, 4.1 and 4.3)."""
    from .budget import budget_chapter
    from .validation import SISA_MAPPING, VANGNET_RULES, DropMeta, load_reference_table
    from .vangnet import rules_from_table

    meta = DropMeta(**read_manifest(manifest)["meta"])
    mapping = load_reference_table(reference_dir / "sisa_g2_indicatoren.csv", SISA_MAPPING)
    rules = rules_from_table(
        load_reference_table(reference_dir / "vangnet_regels.csv", VANGNET_RULES)
    )
    chapter = budget_chapter(
        read_processed(tables),
        mapping,
        rules,
        meta.verslagjaar,
        params["history_years"],
        params["forecast_weights"],
        params["perspective_offset"],
    )
    _write_chapter(output, chapter.figures, chapter.layout())


def stage_participatie(tables: dict[str, Path], manifest: Path, params: dict, output: Path) -> None:
    """Participatiebudget chapter figures, or an absent-chapter marker."""
    from .participatie import participatie_chapter
    from .validation import DropMeta

    data = read_manifest(manifest)
    meta = DropMeta(**data["meta"])
    if not data["present"].get("participatiebudget"):
        _write_chapter(output, [], {"absent": True})
        return
    table = read_processed(tables)["participatiebudget"]
    chapter = participatie_chapter(
        table, meta.verslagjaar, params["history_years"], meta.participatie_referentiejaar
    )
    _write_chapter(output, chapter.figures, chapter.layout())


def _write_chapter(output: Path, figures, layout: dict) -> None:
    write_atomic(
        output, dump_json({"figures": json.loads(dumps_figures(figures)), "layout": layout})
    )


def stage_caseload(tables: dict[str, Path], manifest: Path, params: dict, output: Path) -> None:
    """Caseload chapter (seed 000, 4.5): monthly series, share against the national share, flows, composition."""
    from .caseload import caseload_chapter

    data = read_manifest(manifest)
    chapter = caseload_chapter(
        read_processed(tables),
        data["present"],
        data["meta"]["gemeentecode"],
        data["meta"]["bestand_peildatum"],
        params["min_count"],
        next(
            (f for f in data["files"] if f.startswith("bestand_clienten")), "bestand_clienten.csv"
        ),
    )
    _write_chapter(output, chapter.figures, chapter.layout())


def stage_verdeelmodel(tables: dict[str, Path], manifest: Path, params: dict, output: Path) -> None:
    """Verdeelmodel comparison (seed 000, 4.4), or an absent-chapter marker."""
    from .verdeelmodel import VerdeelmodelChapter, verdeelmodel_chapter

    data = read_manifest(manifest)
    if not data["present"].get("verdeelmodel"):
        chapter = VerdeelmodelChapter(absent=True)
    else:
        processed = read_processed(tables)
        chapter = verdeelmodel_chapter(
            processed["verdeelmodel"],
            processed["verdeelmodel_huishoudens"],
            data["meta"]["gemeentecode"],
            params["single_categories"],
        )
    _write_chapter(output, chapter.figures, chapter.layout())


def stage_benchmark(tables: dict[str, Path], manifest: Path, output: Path) -> None:
    """Benchmark deviations (seed 000, 4.5), or an absent-chapter marker."""
    from .benchmark import BenchmarkChapter, average_benefits, benchmark_chapter

    data = read_manifest(manifest)
    if not data["present"].get("benchmark"):
        chapter = BenchmarkChapter(absent=True)
    else:
        processed = read_processed(tables)
        present = data["present"].get("bestand_maand")
        benefits = average_benefits(processed["bestand_maand"]) if present else {}
        chapter = benchmark_chapter(
            processed["benchmark"],
            data["meta"]["verslagjaar"],
            benefits,
            processed["bestand_maand"],
        )
    _write_chapter(output, chapter.figures, chapter.layout())


def stage_causes(
    chapters: dict[str, Path], tables: dict[str, Path], manifest: Path, params: dict, output: Path
) -> None:
    """Shortfall causes: volume and price, status holders (seed 000, 4.5)."""
    from .causes import causes_chapter

    data = read_manifest(manifest)
    register, layouts = _merge(chapters)
    processed = read_processed(tables)
    chapter = causes_chapter(
        register,
        processed["bestand_maand"],
        processed["statushouders"],
        layouts["budget"]["years"],
        data["meta"]["gemeentecode"],
        params["price_indicator"],
        layouts["benchmark"].get("year"),
    )
    _write_chapter(output, chapter.figures, chapter.layout())


def _merge(chapters: dict[str, Path]) -> tuple[Register, dict]:
    register = Register()
    layouts = {}
    for name, path in sorted(chapters.items()):
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        register.extend(loads_figures(json.dumps(data["figures"])))
        layouts[name] = data["layout"]
    return register, layouts


def stage_register(
    chapters: dict[str, Path], manifest: Path, out_json: Path, out_csv: Path, out_layout: Path
) -> None:
    """Merge the chapters' figures into one register (JSON and CSV) and their layouts, and add the
    generated conclusions (seed 000, 4.6)."""
    from .conclusions import conclusions

    meta = read_manifest(manifest)["meta"]
    register, layouts = _merge(chapters)
    bullets, extra = conclusions(register, layouts, meta["gemeente"], meta["gemeentecode"])
    register.extend(extra)
    layouts["conclusies"] = bullets
    register.check()
    write_atomic(out_json, dumps_figures(list(register.figures.values()), register))
    write_atomic(out_csv, register_csv(register))
    write_atomic(out_layout, dump_json(layouts))


def stage_checks(
    register_json: Path,
    layout_json: Path,
    tables: dict[str, Path],
    manifest: Path,
    reference_dir: Path,
    params: dict,
    output: Path,
) -> None:
    """Reconciliation checks (Controles): a blocking failure stops the run, a warning is logged and
    shown in the report."""
    import logging

    from .checks import checks_to_json, run_checks
    from .errors import ChecksFailed
    from .validation import SISA_MAPPING, load_reference_table

    logger = logging.getLogger("buig_analyse")
    register = load_register(register_json)
    layout = json.loads(Path(layout_json).read_text(encoding="utf-8"))
    data = read_manifest(manifest)
    mapping = load_reference_table(reference_dir / "sisa_g2_indicatoren.csv", SISA_MAPPING)
    checks = run_checks(
        register, layout, read_processed(tables), mapping, data["present"], params["tolerance_pct"]
    )
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
    write_atomic(output, dump_json(checks_to_json(checks)))


def load_register(path: Path) -> Register:
    register = Register()
    register.extend(loads_figures(Path(path).read_text(encoding="utf-8")))
    return register


def stage_charts(register_json: Path, layout_json: Path, output: Path) -> None:
    """All charts of the report as SVG text in one JSON file (absent data: no chart)."""
    from .charts import (
        benchmark_chart,
        budget_result_chart,
        caseload_chart,
        decomposition_chart,
        forecast_chart,
        participatie_chart,
        perspective_chart,
        share_chart,
        verdeelmodel_chart,
    )
    from .labels import METHOD_LABELS

    register = load_register(register_json)
    layout = json.loads(Path(layout_json).read_text(encoding="utf-8"))
    budget = layout["budget"]
    charts: dict[str, str] = {}
    if budget["years"]:
        charts["budget_resultaat"] = budget_result_chart(register, budget["years"])
    if len(budget["perspective_years"]) > 1:
        charts["rijksbijdrage_meerjarig"] = perspective_chart(register, budget["perspective_years"])
    if budget["forecast_methods"]:
        year = max(budget["years"]) if budget["years"] else None
        forecast_year = next(
            (
                y
                for y in sorted(budget["years"], reverse=True)
                if f"prognose.gemiddelde.{y}" in register
            ),
            year,
        )
        if forecast_year is not None and f"prognose.gemiddelde.{forecast_year}" in register:
            charts["prognose_methoden"] = forecast_chart(
                register, forecast_year, budget["forecast_methods"], METHOD_LABELS
            )
    participatie = layout.get("participatie", {})
    if not participatie.get("absent") and participatie.get("years"):
        charts["participatiebudget"] = participatie_chart(
            register, participatie["years"], participatie.get("reference_year")
        )
    caseload = layout.get("bestand", {})
    if len(caseload.get("months", [])) > 1:
        charts["bestand_maand"] = caseload_chart(register, caseload["months"])
    if caseload.get("share_years"):
        charts["bijstand_aandeel"] = share_chart(register, caseload["share_years"])
    model = layout.get("verdeelmodel", {})
    if not model.get("absent") and model.get("gemeenten"):
        charts["verdeelmodel"] = verdeelmodel_chart(register, model["gemeenten"])
    bench = layout.get("benchmark", {})
    if not bench.get("absent") and bench.get("indicators"):
        charts["benchmark"] = benchmark_chart(register, bench["indicators"])
    causes = layout.get("oorzaken", {})
    if causes.get("decomposition_years"):
        charts["volume_prijs"] = decomposition_chart(register, causes["decomposition_years"])
    write_atomic(output, dump_json(charts))


def _package_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    versions = {}
    for name in (
        "pandas",
        "pandera",
        "matplotlib",
        "jinja2",
        "weasyprint",
        "babel",
        "markdown-it-py",
        "snakemake",
    ):
        try:
            versions[name] = version(name)
        except PackageNotFoundError:  # pragma: no cover
            versions[name] = "onbekend"
    versions["buig-analyse"] = __version__
    return versions


def pipeline_commit(root: Path) -> str:
    """The git commit of the pipeline code, for the Herkomst appendix ("onbekend" outside git)."""
    import subprocess

    paths = ["src", "workflow", "reports", "Snakefile", "config", "data/reference"]

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, timeout=10, check=True
        )
        return done.stdout.strip()

    try:
        commit = git("rev-parse", "HEAD")
        dirty = git("status", "--porcelain", "--", *paths)
    except (OSError, subprocess.SubprocessError):
        return "onbekend (geen git-repository)"
    return commit + (" (met niet-vastgelegde wijzigingen)" if dirty else "")


def report_context(
    manifest: dict,
    layout: dict,
    charts: dict,
    narrative: dict,
    config_values: dict,
    checks: list[dict] | None = None,
    commit: str = "onbekend",
) -> dict:
    from .labels import METHOD_LABELS

    budget = layout["budget"]
    forecast_year = next((y for y in budget["years"] if budget["forecast_methods"]), None)
    return {
        "meta": manifest["meta"],
        "present": manifest["present"],
        "files": manifest["files"],
        "reference_files": manifest["reference_files"],
        "budget": budget,
        "participatie": layout.get("participatie", {"absent": True}),
        "bestand": layout.get(
            "bestand", {"absent": ["bestand_maand", "bestand_clienten", "cbs_bevolking"]}
        ),
        "verdeelmodel": layout.get("verdeelmodel", {"absent": True}),
        "benchmark": layout.get("benchmark", {"absent": True}),
        "oorzaken": layout.get("oorzaken", {}),
        "forecast_year": max(budget["years"]) if forecast_year is not None else None,
        "method_labels": METHOD_LABELS,
        "charts": charts,
        "narrative": narrative,
        "config_values": config_values,
        "versions": _package_versions(),
        "checks": checks or [],
        "warnings": [c for c in checks or [] if c["waarschuwt"]],
        "commit": commit,
    }


def stage_render_report(
    register_json: Path,
    register_csv_path: Path,
    layout_json: Path,
    charts_json: Path,
    checks_json: Path,
    manifest: Path,
    drop_dir: Path,
    template_dir: Path,
    config_values: dict,
    project_root: Path,
    html_out: Path,
    pdf_out: Path,
) -> None:
    """Render the self-contained HTML report and, from its print variant, the PDF with the figure
    register attached as CSV. One job, so a narrative change costs one process."""
    from .narrative import render_block, render_narrative
    from .pdf import render_pdf
    from .rendering import figure_link, render_html_variants

    register = load_register(register_json)
    layout = json.loads(Path(layout_json).read_text(encoding="utf-8"))
    charts = json.loads(Path(charts_json).read_text(encoding="utf-8"))
    data = read_manifest(manifest)
    meta = data["meta"]
    known = set(register.figures)
    link = lambda fid: figure_link(register, fid)  # noqa: E731
    narrative = render_narrative(drop_dir / "narratief", link, known)
    narrative["_conclusies"] = [
        render_block(b, "conclusies (gegenereerd)", link, known) for b in layout["conclusies"]
    ]
    checks = json.loads(Path(checks_json).read_text(encoding="utf-8"))
    context = report_context(
        data, layout, charts, narrative, config_values, checks, pipeline_commit(project_root)
    )
    html, print_html = render_html_variants(template_dir, context, register)
    attachment = (
        "figurenregister.csv",
        Path(register_csv_path).read_bytes(),
        f"Figurenregister {meta['gemeente']} {meta['verslagjaar']}",
    )
    pdf = render_pdf(
        print_html, Path(html_out).parent, project_root, [attachment], meta["drop_datum"]
    )
    write_atomic(html_out, html)
    write_atomic(pdf_out, pdf)
