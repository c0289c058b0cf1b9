"""Rule analyse_oorzaken: shortfall causes (buig_analyse.pipeline.stage_causes)."""

from pathlib import Path

from buig_analyse.pipeline import stage_causes
from buig_analyse.stage_runner import run_stage

chapters = {name: Path(snakemake.input[name]) for name in ("budget", "verdeelmodel", "benchmark")}
tables = {
    "bestand_maand": Path(snakemake.input.bestand_maand),
    "statushouders": Path(snakemake.input.statushouders),
}
run_stage(
    snakemake.log[0],
    "analyse oorzaken",
    lambda: stage_causes(
        chapters,
        tables,
        Path(snakemake.input.manifest),
        snakemake.params.figures,
        Path(snakemake.output[0]),
    ),
)
