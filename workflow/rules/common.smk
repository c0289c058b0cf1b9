# Helper functions and shared settings of the workflow: where the drops are, the file names
# between the rules, and which part of the package each stage depends on.
import os
import re
import sys
from pathlib import Path

from snakemake.utils import min_version, validate

import buig_analyse.analysis.chapters as chapter_names
from buig_analyse.ingest.layout import drop_input_files, processed_table_names
from buig_analyse.layers import LAYERS
from buig_analyse.run import workflow_ended
from buig_analyse.main_process import (
    input_checksums_once_per_job,
    params_compared_without_pandas,
    script_params_stored_without_imports,
    scripts_handed_over_first,
)

min_version("9.0")


validate(config, schema="../schemas/config.schema.yaml")

RAW = config["raw_dir"]
REFERENCE = config["reference_dir"]
PROCESSED = config["processed_dir"]
RESULTS = config["results_dir"]
TABLES = processed_table_names()
# The chapters (module buig_analyse.analysis.<name>, template reports/templates/chapters/<name>.html.j2),
# computed by one rule (analyse) from these drop and reference tables; conclusies summarises the others.
ANALYSES = list(chapter_names.ANALYSES)
CHAPTERS = list(chapter_names.CHAPTERS)
ANALYSIS_TABLES = list(chapter_names.DROP_TABLES)
ANALYSIS_REFERENCE = list(chapter_names.REFERENCE_TABLES)
CHART_GROUPS = dict(chapter_names.CHART_GROUPS)


wildcard_constraints:
    gemeente="[a-z0-9-]+",
    jaar="[0-9]{4}",
    groep="|".join(CHART_GROUPS),


GEMEENTE_FOLDER = re.compile(r"^[a-z0-9-]+$")
YEAR_FOLDER = re.compile(r"^[0-9]{4}$")


def skipped_drops():
    """Folders with a drop.yaml whose names cannot be a drop (a capital, a space, no year), with
    the reason: they are left out of the run and named in its summary."""
    skipped = []
    for path in sorted(Path(RAW).glob("*/*/drop.yaml")):
        gemeente, jaar = path.parent.parent.name, path.parent.name
        if not GEMEENTE_FOLDER.match(gemeente):
            skipped.append(
                (
                    f"{gemeente}/{jaar}",
                    "de mapnaam van de gemeente mag alleen kleine letters, "
                    "cijfers en '-' bevatten (bijvoorbeeld data/raw/den-haag/2017)",
                )
            )
        elif not YEAR_FOLDER.match(jaar):
            skipped.append(
                (f"{gemeente}/{jaar}", "de map van het jaar moet een jaartal zijn")
            )
    return skipped


def discover_drops():
    """(gemeente, jaar) of every data drop: config 'drops' or every raw_dir/*/*/drop.yaml whose
    folder names can be a drop (see skipped_drops)."""
    if config.get("drops"):
        return [tuple(Path(d).parts) for d in config["drops"]]
    return sorted(
        (p.parent.parent.name, p.parent.name)
        for p in Path(RAW).glob("*/*/drop.yaml")
        if GEMEENTE_FOLDER.match(p.parent.parent.name)
        and YEAR_FOLDER.match(p.parent.name)
    )


def drop_dir(wildcards):
    return Path(RAW) / wildcards.gemeente / wildcards.jaar


def previous_register(wildcards):
    """The figure register of the same gemeente's drop of the year before, when that drop is in
    raw_dir: the controls compare the years both drops cover (issue 11)."""
    previous = (
        Path(RAW) / wildcards.gemeente / str(int(wildcards.jaar) - 1) / "drop.yaml"
    )
    if not previous.is_file():
        return []
    return [
        f"{RESULTS}/{wildcards.gemeente}/{int(wildcards.jaar) - 1}/analysis/figurenregister.json"
    ]


def drop_inputs(wildcards):
    """Raw files the validation reads (missing required files are reported by the validation)."""
    return [str(p) for p in drop_input_files(drop_dir(wildcards)) if p.exists()]


def reference_inputs(wildcards):
    """The reference tables, and the CBS context that buig-cbs fetched (with its source stamp)."""
    root = Path(REFERENCE)
    files = [*root.glob("*.csv"), *root.glob("cbs/*.csv"), *root.glob("cbs/*.json")]
    return sorted(str(p) for p in files)


def drop_sources_note(wildcards):
    """The drop's SOURCES.md (where each value comes from), when there is one."""
    path = drop_dir(wildcards) / "SOURCES.md"
    return [str(path)] if path.is_file() else []


def narrative_inputs(wildcards):
    """The narrative blocks and the outline of chapter 5 (narratief/indeling.yaml)."""
    folder = drop_dir(wildcards) / "narratief"
    if not folder.is_dir():
        return []
    return sorted(str(p) for p in [*folder.glob("*.md"), *folder.glob("indeling.yaml")])


def package_sources(layer):
    """The package's source files a stage depends on (buig_analyse.layers): a code change re-runs
    its rules, and a change in a higher layer does not re-run the rules of a lower one.
    """
    root = Path("src/buig_analyse")
    files = []
    for part in LAYERS[layer]:
        path = root / part
        files += sorted(path.glob("*.py")) if path.is_dir() else [path]
    return [str(f) for f in files]


def config_files():
    """The config files of this run, relative to the project folder: a --configfile given on the
    command line arrives as an absolute path, which would put this machine's folder in the report
    (Herkomst) and make the same run in another folder give other bytes."""
    root = Path.cwd().resolve()
    files = []
    for name in workflow.configfiles:
        path = Path(name).resolve()
        files.append(
            str(path.relative_to(root)) if path.is_relative_to(root) else str(name)
        )
    return files


def template_inputs():
    return sorted(str(p) for p in Path("reports/templates").rglob("*") if p.is_file())


def template_dir(templates):
    """The folder of the main template among the template inputs."""
    return str(Path(next(t for t in templates if t.endswith("report.html.j2"))).parent)


def staged(name):
    """A typed table written by the validation (read by the analyses; published with the report)."""
    return result(f"staging/processed/{name}.parquet")


def staged_tables(*names):
    return [staged(name) for name in names]


MANIFEST = f"{RESULTS}/{{gemeente}}/{{jaar}}/staging/processed/manifest.json"


def result(path):
    return f"{RESULTS}/{{gemeente}}/{{jaar}}/{path}"


def report_name(ext):
    return result(f"rapport/BUIG-analyse-{{gemeente}}-{{jaar}}.{ext}")


def chapter(name):
    return result(f"analysis/{name}.json")


def chapters(*names):
    return [chapter(name) for name in names]


def chart_chapters(wildcards):
    """The chapters whose charts the job of chart group ``groep`` draws."""
    return [
        chapter(name).format(gemeente=wildcards.gemeente, jaar=wildcards.jaar)
        for name in CHART_GROUPS[wildcards.groep]
    ]


def charts():
    """The charts of every chart group (read together by the report)."""
    return [result(f"charts/{group}.json") for group in CHART_GROUPS]


def log(name):
    return f"logs/{{gemeente}}/{{jaar}}/{name}.log"


def report_settings(cfg=None):
    """The config values that shape figures, printed under Dutch labels in the Herkomst appendix
    (of this run's config, or of ``cfg``)."""
    cfg = config if cfg is None else cfg
    return {
        "history_years": cfg["history_years"],
        "perspective_offset": cfg["perspective_offset"],
        "forecast_weights": dict(sorted(cfg["forecast"]["weights"].items())),
        "min_count": cfg["privacy"]["min_count"],
        "single_categories": cfg["verdeelmodel"]["alleenstaand_categorieen"],
    }


def analysis_settings():
    """The config values the analyses use (buig_analyse.analysis.chapters.AnalysisSettings)."""
    return {
        "history_years": config["history_years"],
        "forecast_weights": dict(sorted(config["forecast"]["weights"].items())),
        "perspective_offset": config["perspective_offset"],
        "min_count": config["privacy"]["min_count"],
        "single_categories": config["verdeelmodel"]["alleenstaand_categorieen"],
        "cost_unit": config.get("kostenverdeling", {}).get("afronden_op", 1),
    }


def shipped_settings():
    """The same settings as shipped in config/config.yaml: the appendix 'Aannames en keuzes' lists
    the settings of a run that differ from them."""
    import yaml

    with open(
        "config/config.yaml", encoding="utf-8"
    ) as handle:  # as the Snakefile reads it
        return report_settings(yaml.safe_load(handle))


def publication(gemeente="{gemeente}", jaar="{jaar}"):
    """The record of a drop's published version (the report is under rapport/, a link)."""
    return f"{RESULTS}/{gemeente}/{jaar}/gepubliceerd.json"


def all_reports():
    return [publication(gemeente, jaar) for gemeente, jaar in discover_drops()]


def step_order(log_path):
    """Where a drop's step log comes in the order its steps run (the order the rules are defined
    in: validation, analyses, checks, charts, report, publish), then by time."""
    names = [r.name for r in workflow.rules]
    step = next(
        (n for n in names if log_path.stem == n or log_path.stem.startswith(f"{n}_")),
        None,
    )
    return (names.index(step) if step else len(names), log_path.stat().st_mtime)


def first_problem(gemeente, jaar):
    """The first Dutch error message of a drop's last run (from its logs), or None. The logs are
    read in the order the steps run: a step that did not run this time, because an earlier one
    failed, keeps the log of an earlier run, whose error is not this run's reason."""
    folder = Path("logs") / gemeente / jaar
    pdf = Path(report_name("pdf").format(gemeente=gemeente, jaar=jaar))
    since = pdf.stat().st_mtime if pdf.exists() else 0
    for path in sorted(folder.glob("*.log"), key=step_order):
        if path.stat().st_mtime < since:
            continue
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        for number, line in enumerate(lines):
            if line.startswith("ERROR FOUT") or line.startswith(
                "ERROR onverwachte fout"
            ):
                rest = lines[number + 1 :]
                detail = next(
                    (l for l in rest if l.startswith("- ")), rest[0] if rest else line
                )
                return f"{detail.removeprefix('- ')} (zie {path})"
    return None


def run_summary():
    """The closing lines of a run: the reports built and the drops refused with their first message."""
    built, refused = [], []
    for gemeente, jaar in discover_drops():
        problem = first_problem(gemeente, jaar)
        pdf = Path(report_name("pdf").format(gemeente=gemeente, jaar=jaar))
        if problem:
            refused.append(f"  {gemeente}/{jaar}: {problem}")
        elif pdf.exists():
            html = pdf.with_suffix(".html")
            built.append(f"  {gemeente}/{jaar}: {html} en {pdf.name}")
    refused += [f"  {name}: overgeslagen, {reason}" for name, reason in skipped_drops()]
    lines = []
    if built:
        lines += ["Rapporten gereed:", *built]
    if refused:
        lines += [
            "Niet gemaakt (eerdere rapporten van deze aanlevering zijn bewaard):",
            *refused,
        ]
    return "\n".join(lines)


# The national overview (rules/landelijk.smk) --------------------------------------------------
def national_drops(wildcards):
    return [(g, j) for g, j in discover_drops() if j == wildcards.jaar]


def published(g, j, name):
    return f"{RESULTS}/{g}/{j}/huidig/{name}"


def national_inputs(wildcards):
    """The published register and manifest of every drop of the year that has a report."""
    found = []
    for g, j in national_drops(wildcards):
        register = published(g, j, "rapport/figurenregister.json")
        if Path(register).is_file():
            found += [register, published(g, j, "processed/manifest.json")]
    return found


def without_job_rate_limit():
    """Switch off Snakemake's job rate limiter (--max-jobs-per-timespan, 100/1s by default) for
    this run; called in onstart, when the scheduler exists and has selected nothing yet. At every
    pass of its scheduling loop the limiter starts a 1 s threading.Timer that wakes the loop
    again, which starts another: each finished job adds one such timer for good, so the passes per
    second grow with the jobs done, and every pass measures the input files of all ready jobs. A
    national set of 20 drops made 4.473 passes for 120 jobs and 2,2 million stat calls, half a
    core (issue 12); the last timer also kept every run alive a second after its last job. The
    limit on a cluster is the profile's ``jobs`` (jobs in the queue at one time)."""
    scheduler = getattr(workflow, "scheduler", None)
    if scheduler is not None and hasattr(scheduler, "job_rate_limiter"):
        scheduler.job_rate_limiter = None


def input_sizes_measured_once():
    """Let the scheduler measure a ready job's input files once, not at every scheduling pass
    (buig_analyse.scheduling; called in onstart, like without_job_rate_limit)."""
    from buig_analyse.scheduling import remember_input_sizes

    scheduler = getattr(workflow, "scheduler", None)
    if scheduler is not None:
        remember_input_sizes(scheduler)


# Snakemake's own process imports no pandas, and its jobs no Snakemake (buig_analyse.main_process, issue 12).
params_compared_without_pandas()
script_params_stored_without_imports()
scripts_handed_over_first()
input_checksums_once_per_job()


# The preloaded process (buig_analyse.warm): the rule scripts run as forks of one process that
# imported pandas, matplotlib, WeasyPrint and the rest once per run, not once per job (issue 12).
WARM_WORKER = []


def start_warm_worker():
    """Start the preloaded process for a local run (not on a cluster, where each job runs on a node
    of its own; not with BUIG_VOORLADEN=nee). Called in onstart: only a run with jobs gets one.
    A run started by buig-run has one already (started before Snakemake, see buig_analyse.run).
    """
    from buig_analyse import warm

    if warm.switched_off() or warm.inherited():
        return
    if (
        workflow.is_main_process
        and workflow.local_exec
        and not workflow.dryrun
        and warm_worker_pays()
    ):
        try:
            WARM_WORKER.append(warm.start(Path("logs") / "voorgeladen_proces.log"))
        except OSError:  # no room for its folder, no process: each job runs in its own
            pass


def warm_worker_pays():
    """Whether the preloaded process saves more than its imports cost (about 1,7 CPU-seconds, on
    the other core): only jobs that wait for another job find it ready, and publish imports little,
    so it needs two other waiting jobs. A narrative change (render_report, then publish) does not
    pay: its render starts at once, and the imports beside it slowed it down."""
    dag = getattr(workflow, "dag", None)
    if dag is None:
        return True
    ready = set(dag.ready_jobs)
    waiting = [
        job
        for job in dag.needrun_jobs()
        if job not in ready and job.rule.name != "publish"
    ]
    return len(waiting) >= 2


def stop_warm_worker():
    from buig_analyse import warm

    while WARM_WORKER:
        warm.stop(WARM_WORKER.pop())


def frozen_for_the_collector():
    """Freeze the objects of Snakemake's process made so far for Python's garbage collector.
    Its modules and ours, the config and the rules live until the process ends, yet every full
    collection scans them, and the interpreter's shutdown runs such collections over all of them:
    0,25 s after the last job of every run, a no-change run included (issue 12). Frozen objects
    are skipped; the memory goes back to the system at exit either way. Called after parsing (the
    Snakefile's last line) and again at the end of a run, for the DAG and the jobs."""
    import gc

    gc.freeze()


def end_of_run():
    """onsuccess and onerror: stop the preloaded process, print the run's summary, and freeze what
    the run made (see frozen_for_the_collector)."""
    stop_warm_worker()
    print(run_summary(), file=sys.stderr)
    workflow_ended()  # buig-run: the workflow ran to its end (its summary is printed)
    frozen_for_the_collector()
