# Stage 1: validate every raw file of a drop and write clean, typed tables to data/processed.
# Validation writes to a staging folder; publish_processed copies the tables into data/processed only
# when validation succeeded, so a bad new drop never removes the tables of the last good run.


rule validate_drop:
    input:
        code=package_sources(),
        raw=drop_inputs,
        reference=reference_inputs,
    output:
        **staged_tables(as_output=True),
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


rule publish_processed:
    input:
        **staged_tables(),
    output:
        **processed_tables(),
    log:
        "logs/{gemeente}/{jaar}/publish_processed.log",
    conda:
        "../envs/buig.yaml"
    shell:
        publish_command(TABLES + ["manifest"])
