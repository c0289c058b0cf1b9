"""The report document: the template context from the chapters, narrative, checks and provenance,
rendered to the self-contained HTML and, from its print variant, to the PDF with the figure register
attached as CSV. One function for the render_report rule, so a narrative change costs one process.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from buig_analyse import __version__
from buig_analyse.analysis.chapter import Chapter
from buig_analyse.register.figures import Register

# Packages whose versions are printed in the Herkomst appendix.
REPORTED_PACKAGES = (
    "pandas",
    "pandera",
    "matplotlib",
    "jinja2",
    "weasyprint",
    "babel",
    "markdown-it-py",
    "snakemake",
)
# Folders and files whose state the pipeline commit stands for.
PIPELINE_PATHS = ("src", "workflow", "reports", "Snakefile", "config", "data/reference")


@dataclass(frozen=True)
class ReportInputs:
    """Everything the report is made of (read by the rule's script, see workflow/scripts)."""

    register: Register
    register_csv: bytes
    chapters: dict[str, Chapter]
    charts: dict[str, dict[str, str]]
    checks: list[dict]
    manifest: dict
    narrative_dir: Path
    template_dir: Path
    settings: dict  # the config values that shape figures, printed in Herkomst
    default_settings: dict  # the same settings as shipped in config/config.yaml
    project_root: Path
    base_dir: Path  # the folder the report is written to (relative URLs resolve here)
    narrative_max_bytes: float = 200_000  # limieten.narratief_kb
    # rapport.pdf_figurenregister: "samenvatting" (counts per chapter, the register is attached)
    # or "volledig" (every printed figure with its calculation and input cells in the PDF).
    pdf_register: str = "samenvatting"
    # Every other file that can change the report (narrative, SOURCES.md, config, templates):
    # label -> path; hashed in the Herkomst appendix.
    provenance: dict[str, Path] = field(default_factory=dict)


@functools.cache
def package_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    versions = {}
    for name in REPORTED_PACKAGES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:  # pragma: no cover
            versions[name] = "onbekend"
    versions["buig-analyse"] = __version__
    return versions


@functools.cache
def installed_packages() -> dict[str, str]:
    """Every installed Python distribution and its version, by name (Herkomst lists the full
    environment, so an auditor can rebuild it), the SLURM plugins installed apart included: the
    list is the same whether or not this run has their folder on its path."""
    import sys
    from importlib.metadata import distributions

    from buig_analyse import SLURM_PLUGINS

    found = {}
    for dist in distributions(path=[*sys.path, str(SLURM_PLUGINS)]):
        name, version = name_and_version(dist)
        if name:
            found[name.lower()] = version
    return dict(sorted(found.items()))


def name_and_version(dist) -> tuple[str | None, str | None]:
    """The Name and Version fields of a distribution's metadata, read from the header block of
    its METADATA (PKG-INFO) only. ``dist.metadata`` parses the whole file, long description
    included, and ``dist.version`` parses it again: 0,07 s for the environment of a report,
    against 0,015 s (issue 12); tests/unit/test_report_process.py compares both for every package.
    The places are importlib.metadata's: METADATA, PKG-INFO, or an .egg-info file itself."""
    from email.parser import HeaderParser

    text = dist.read_text("METADATA") or dist.read_text("PKG-INFO") or dist.read_text("") or ""
    headers = HeaderParser().parsestr(text.split("\n\n", 1)[0])
    return headers["Name"], headers["Version"]


@functools.cache
def system_libraries() -> dict[str, str]:
    """Python and the system libraries that shape the PDF: Pango, HarfBuzz and the font file."""
    import ctypes
    import platform

    found = {"Python": platform.python_version()}
    try:
        from weasyprint.text.ffi import pango

        number = int(pango.pango_version())
        found["Pango"] = f"{number // 10000}.{number // 100 % 100}.{number % 100}"
    except (ImportError, AttributeError, OSError):  # pragma: no cover
        found["Pango"] = "onbekend"
    try:
        harfbuzz = ctypes.CDLL("libharfbuzz.so.0")
        harfbuzz.hb_version_string.restype = ctypes.c_char_p
        found["HarfBuzz"] = harfbuzz.hb_version_string().decode("ascii")
    except (OSError, AttributeError):  # pragma: no cover
        found["HarfBuzz"] = "onbekend"
    try:
        done = subprocess.run(
            ["fc-match", "-f", "%{file} (versie %{fontversion})", "DejaVu Sans"],
            capture_output=True, text=True, timeout=10, check=True,
        )  # fmt: skip
        found["Lettertype (DejaVu Sans)"] = done.stdout.strip() or "onbekend"
    except (OSError, subprocess.SubprocessError):  # pragma: no cover
        found["Lettertype (DejaVu Sans)"] = "onbekend"
    return found


def warm_up() -> None:
    """For the preloaded process (buig_analyse.warm): the environment Herkomst lists (package
    versions, system libraries) read once per run, not once per report (the functions are cached,
    and a run's environment does not change while it runs), and the modules the render needs."""
    package_versions()
    installed_packages()
    system_libraries()
    # The modules render_report imports when it runs, once for every fork (0,05-0,08 s of every
    # render, issue 12): the report's own, babel's dates, and the chapter classes.
    import babel.dates  # noqa: F401

    from buig_analyse.analysis.chapter import import_chapter_classes
    from buig_analyse.report import appendix, html, narrative  # noqa: F401

    import_chapter_classes()


def pipeline_commit(root: Path) -> str:
    """The git commit of the pipeline code, for the Herkomst appendix ("onbekend" outside git)."""

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, timeout=10, check=True
        )
        return done.stdout.strip()

    try:
        commit = git("rev-parse", "HEAD")
        dirty = git("status", "--porcelain", "--", *PIPELINE_PATHS)
    except (OSError, subprocess.SubprocessError):
        return "onbekend (geen git-repository)"
    return commit + (" (met niet-vastgelegde wijzigingen)" if dirty else "")


# The settings that shape figures, under the Dutch labels an auditor reads (with the config key).
SETTING_LABELS = {
    "history_years": ("Jaren realisatie vóór het verslagjaar", "history_years"),
    "perspective_offset": (
        "Eerste jaar meerjarig perspectief, t.o.v. het verslagjaar",
        "perspective_offset",
    ),
    "forecast_weights": ("Gewichten van de prognosemethoden", "forecast.weights"),
    "min_count": ("Kleinste getoonde aantal (privacy)", "privacy.min_count"),
    "single_categories": (
        "Categorieën alleenstaanden en eenouders (verdeelmodel)",
        "verdeelmodel.alleenstaand_categorieen",
    ),
}


def settings_in_dutch(settings: dict, method_labels: dict[str, str]) -> list[tuple[str, str]]:
    """(label, value) rows for the Herkomst appendix: Dutch labels, values as a reader writes them,
    the config key in brackets so an auditor finds it in config/config.yaml."""
    rows = []
    for key, value in settings.items():
        label, config_key = SETTING_LABELS.get(key, (key, key))
        if isinstance(value, dict):
            text = "; ".join(f"{method_labels.get(k, k)}: {v:g}" for k, v in value.items())
        elif isinstance(value, list):
            text = ", ".join(str(v) for v in value)
        else:
            text = str(value)
        rows.append((f"{label} ({config_key})", text))
    return rows


def file_digests(files: dict[str, Path]) -> dict[str, str]:
    """SHA-256 of each file, by label, in label order."""
    return {
        label: hashlib.sha256(Path(path).read_bytes()).hexdigest()
        for label, path in sorted(files.items())
    }


def report_context(
    manifest: dict,
    chapters: dict[str, Chapter],
    charts: dict,
    narrative: dict,
    settings: dict,
    checks: list[dict],
    commit: str,
    provenance: dict[str, str] | None = None,
) -> dict:
    """The template's context: typed chapters by name, narrative, checks and provenance."""
    from buig_analyse.analysis.prognose import METHOD_LABELS

    budget = chapters["budget"]
    return {
        "meta": manifest["meta"],
        "present": manifest["present"],
        "files": manifest["files"],
        "reference_files": manifest["reference_files"],
        "cbs_context": manifest.get("cbs_context"),
        **chapters,
        # The spending forecast is made for the report year (later years come from the plan).
        "forecast_year": int(manifest["meta"]["verslagjaar"]) if budget.forecast_methods else None,
        "method_labels": METHOD_LABELS,
        "charts": charts,
        "narrative": narrative,
        "config_values": settings,
        "settings_nl": settings_in_dutch(settings, METHOD_LABELS),
        "versions": package_versions(),
        "system": system_libraries(),
        "all_packages": installed_packages(),
        "checks": checks,
        "warnings": [c for c in checks if c["waarschuwt"]],
        "commit": commit,
        "provenance": provenance or {},
    }


def assumptions(
    manifest: dict, register: Register, settings: dict, typed: list[str], defaults: dict
) -> dict:
    """The appendix "Aannames en keuzes": input values marked as assumption, forecast or
    illustration (found by the validation), values the pipeline assumed (step D), settings that
    differ from the shipped config (``defaults``), and numbers typed into the narrative instead of
    placeholders."""
    from buig_analyse.analysis.prognose import METHOD_LABELS

    assumed = [
        (figure.id, figure.description, figure.formula)
        for figure in register.figures.values()
        if figure.formula.startswith("aangenomen")
    ]
    changed = [
        row
        for key, row in zip(settings, settings_in_dutch(settings, METHOD_LABELS), strict=True)
        if key in defaults and settings[key] != defaults[key]
    ]
    return {
        "invoer": manifest.get("aannames", []),
        "aangenomen": assumed,
        "instellingen": changed,
        "verhaal": typed,
    }


def shown_outline(outline: list[dict], chapter) -> list[dict]:
    """The outline of chapter 5 without the generated parts that have no data in this drop, so
    the sections are numbered without gaps."""
    if chapter is None:
        return [item for item in outline if item["soort"] == "tekst"]
    has = {
        "maatregelen": bool(chapter.measure_years),
        "besparing": bool(chapter.savings_years),
        "scenario": bool(chapter.scenarios),
        "kostenverdeling": bool(chapter.split_posts),
    }
    return [item for item in outline if item["soort"] == "tekst" or has[item["onderdeel"]]]


def render_report(inputs: ReportInputs) -> tuple[str, bytes, list[str]]:
    """Rule render_report: the HTML report, the PDF report and the PDF's layout problems (boxes
    beyond a page's content area; empty for a report that fits)."""
    from buig_analyse.report.html import figure_link, figure_text, render_html_variants
    from buig_analyse.report.narrative import (
        SECTIONS,
        bare_numbers,
        read_narrative,
        read_outline,
        render_block,
    )
    from buig_analyse.report.pdf import render_pdf

    logger = logging.getLogger("buig_analyse")
    register = inputs.register
    meta = inputs.manifest["meta"]
    known = set(register.figures)
    linked: set[str] = set()  # figures the narrative and the conclusions print

    def link(figure_id: str):
        linked.add(figure_id)
        return figure_link(register, figure_id)

    typed_numbers: list[str] = []
    outline = read_outline(inputs.narrative_dir, inputs.narrative_max_bytes, SECTIONS)
    texts = read_narrative(inputs.narrative_dir, inputs.narrative_max_bytes, outline)
    for label, text in texts.values():
        typed_numbers.extend(bare_numbers(text, label))
    conclusies = inputs.chapters["conclusies"]

    def rendered(figure_html) -> dict:
        """The narrative blocks and the generated conclusions, figures through ``figure_html``."""
        blocks = {s: render_block(t, label, figure_html, known) for s, (label, t) in texts.items()}
        blocks["_conclusies"] = [
            render_block(b, "conclusies (gegenereerd)", figure_html, known)
            for b in conclusies.bullets
        ]
        return blocks

    def plain(figure_id: str):
        linked.add(figure_id)
        return figure_text(register, figure_id)

    narrative = rendered(link)
    # In the PDF a figure in the text links to its register row only when the PDF lists the
    # register in full; with the summary there is no row to jump to, so the number is plain text.
    print_narrative = narrative if inputs.pdf_register == "volledig" else rendered(plain)
    context = report_context(
        inputs.manifest,
        inputs.chapters,
        inputs.charts,
        narrative,
        inputs.settings,
        inputs.checks,
        pipeline_commit(inputs.project_root),
        file_digests(inputs.provenance),
    )
    for warning in typed_numbers:  # the console and the log name file and line
        logger.warning("WAARSCHUWING %s", warning)
    context["aannames"] = assumptions(
        inputs.manifest, register, inputs.settings, typed_numbers, inputs.default_settings
    )
    context["outline"] = shown_outline(outline, inputs.chapters.get("maatregelen"))
    context["pdf_register"] = inputs.pdf_register
    context["register_csv_sha256"] = hashlib.sha256(inputs.register_csv).hexdigest()
    html, print_html = render_html_variants(
        inputs.template_dir,
        context,
        register,
        inputs.chapters,
        linked,
        {"narrative": print_narrative},
    )
    attachment = (
        "figurenregister.csv",
        inputs.register_csv,
        f"Figurenregister {meta['gemeente']} {meta['verslagjaar']}",
    )
    pdf, problems = render_pdf(
        print_html, inputs.base_dir, inputs.project_root, [attachment], meta["drop_datum"]
    )
    return html, pdf, problems
