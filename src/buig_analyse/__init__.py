"""buig-analyse: domain logic for the BUIG analysis report (pure functions; Snakemake rules call them)."""

__version__ = "0.1.0"


def __getattr__(name: str):
    """``SLURM_PLUGINS``: Snakemake's SLURM executor plugins, installed by `make` apart from the
    rest of the environment (Snakemake imports every plugin on its path at each start; buig-run
    adds this folder for SLURM runs only, buig_analyse.run). Herkomst lists their versions with
    the other installed packages. Made when asked: a job's process, which imports this package
    for its hand-over (buig_analyse.handover), does not import pathlib."""
    if name == "SLURM_PLUGINS":
        import sys
        from pathlib import Path

        return Path(sys.prefix) / "slurm-plugins"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
