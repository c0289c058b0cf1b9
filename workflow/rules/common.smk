# Helper functions and shared settings of the workflow.
from pathlib import Path

from snakemake.utils import min_version, validate

from buig_analyse.narrative import narrative_files
from buig_analyse.pipeline import TABLE_NAMES
from buig_analyse.drop_layout import drop_input_files

min_version("9.0")


validate(config, schema="../schemas/config.schema.yaml")

RAW = config["raw_dir"]
REFERENCE = config["reference_dir"]
PROCESSED = config["processed_dir"]
RESULTS = config["results_dir"]
TABLES = TABLE_NAMES


wildcard_constraints:
    gemeente="[a-z0-9-]+",
    jaar="[0-9]{4}",


def discover_drops():
    """(gemeente, jaar) of every data drop: config 'drops' or every raw_dir/*/*/drop.yaml."""
    if config.get("drops"):
        return [tuple(Path(d).parts) for d in config["drops"]]
    return sorted(
        (p.parent.parent.name, p.parent.name) for p in Path(RAW).glob("*/*/drop.yaml")
    )


def drop_dir(wildcards):
    return Path(RAW) / wildcards.gemeente / wildcards.jaar


def drop_inputs(wildcards):
    """Raw files the validation reads (missing required files are reported by the validation)."""
    return [str(p) for p in drop_input_files(drop_dir(wildcards)) if p.exists()]


def reference_inputs(wildcards):
    return sorted(str(p) for p in Path(REFERENCE).glob("*.csv"))


def narrative_inputs(wildcards):
    folder = drop_dir(wildcards) / "narratief"
    return sorted(str(p) for p in folder.glob("*.md")) if folder.is_dir() else []


def package_sources():
    """The domain package's source: a code change re-runs the rules that use it."""
    return sorted(str(p) for p in Path("src/buig_analyse").glob("*.py"))


def processed(name):
    return f"{PROCESSED}/{{gemeente}}/{{jaar}}/{name}.parquet"


def processed_tables():
    tables = {name: processed(name) for name in TABLES}
    tables["manifest"] = f"{PROCESSED}/{{gemeente}}/{{jaar}}/manifest.json"
    return tables


def staged_tables(as_output=False):
    """Validation output before publishing (temporary: removed once published)."""
    flag = temp if as_output else str
    staged = {
        name: flag(result(f"staging/processed/{name}.parquet")) for name in TABLES
    }
    staged["manifest"] = flag(result("staging/processed/manifest.json"))
    return staged


def staged_report():
    return {
        "html": temp(result("staging/rapport.html")),
        "pdf": temp(result("staging/rapport.pdf")),
    }


def publish_command(names):
    """Shell command that copies each finished input to its output atomically (copy to a
    temporary name in the target folder, then rename), and lists what it published in the log.
    """
    steps = [
        f"cp {{input.{n}:q}} {{output.{n}:q}}.tmp && mv {{output.{n}:q}}.tmp {{output.{n}:q}} && echo {{output.{n}:q}} >> {{log:q}}"
        for n in names
    ]
    return ": > {log:q} && " + " && ".join(steps)


def result(path):
    return f"{RESULTS}/{{gemeente}}/{{jaar}}/{path}"


def report_name(ext):
    return result(f"rapport/BUIG-analyse-{{gemeente}}-{{jaar}}.{ext}")


def figure_params():
    """Config values that change figures (also printed in the report's Herkomst appendix)."""
    return {
        "history_years": config["history_years"],
        "perspective_offset": config["perspective_offset"],
        "forecast_weights": dict(sorted(config["forecast"]["weights"].items())),
        "min_count": config["privacy"]["min_count"],
        "single_categories": config["verdeelmodel"]["alleenstaand_categorieen"],
        "price_indicator": config["benchmark"]["prijsindicator"],
    }


def chapter(name):
    return result(f"analysis/{name}.json")


def all_reports():
    outputs = []
    for gemeente, jaar in discover_drops():
        for ext in ("html", "pdf"):
            outputs.append(
                f"{RESULTS}/{gemeente}/{jaar}/rapport/BUIG-analyse-{gemeente}-{jaar}.{ext}"
            )
    return outputs
