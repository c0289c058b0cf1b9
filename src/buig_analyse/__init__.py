"""buig-analyse: domain logic for the BUIG analysis report (pure functions; Snakemake rules call them)."""

__version__ = "0.1.0"
