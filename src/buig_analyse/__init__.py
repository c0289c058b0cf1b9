"""buig-analyse: domain logic for the BUIG analysis report (pure functions; Snakemake rules call them)."""

__version__ = "0.1.0"

import sys as _sys
from pathlib import Path as _Path

# Snakemake's SLURM executor plugins, installed by `make` apart from the rest of the environment
# (Snakemake imports every plugin on its path at each start; buig-run adds this folder for SLURM
# runs only, buig_analyse.run). Herkomst lists their versions with the other installed packages.
SLURM_PLUGINS = _Path(_sys.prefix) / "slurm-plugins"
