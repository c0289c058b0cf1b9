"""Rule analyse_bestand: caseload chapter (buig_analyse.pipeline.stage_caseload)."""

from pathlib import Path

from buig_analyse.pipeline import stage_caseload
from buig_analyse.stage_runner import run_stage

tables = {name: Path(snakemake.input[name]) for name in snakemake.params.tables}
run_stage(
    snakemake.log[0],
    "analyse bestand",
    lambda: stage_caseload(
        tables, Path(snakemake.input.manifest), snakemake.params.figures, Path(snakemake.output[0])
    ),
)
