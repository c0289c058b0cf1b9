# Stage 1: validate every raw file of a drop and write clean, typed tables to data/processed.


rule validate_drop:
    input:
        code=package_sources(),
        raw=drop_inputs,
        reference=reference_inputs,
    output:
        **processed_tables(),
        manifest=f"{PROCESSED}/{{gemeente}}/{{jaar}}/manifest.json",
    log:
        "logs/{gemeente}/{jaar}/validate_drop.log",
    conda:
        "../envs/buig.yaml"
    params:
        drop_dir=lambda wildcards: str(drop_dir(wildcards)),
        reference_dir=REFERENCE,
        history_years=config["history_years"],
        min_count=config["privacy"]["min_count"],
        tables=TABLES,
    script:
        "../scripts/validate_drop.py"
