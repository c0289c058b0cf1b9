# Stage 1: validate every raw file of a drop and write clean, typed tables to data/processed.
# Validation writes to a staging folder; publish_processed copies the tables into data/processed only
# when validation succeeded, so a bad new drop never removes the tables of the last good run.


rule validate_drop:
    input:
        code=package_sources("ingest"),
        raw=drop_inputs,
        reference=reference_inputs,
    output:
        **staged_tables(as_output=True),
    log:
        log("validate_drop"),
    conda:
        "../envs/buig.yaml"
    params:
        drop_dir=lambda wildcards: str(drop_dir(wildcards)),
        reference_dir=REFERENCE,
        history_years=config["history_years"],
        min_count=config["privacy"]["min_count"],
    script:
        "../scripts/validate_drop.py"


localrules:
    publish_processed,


rule publish_processed:
    input:
        **staged_tables(),
    output:
        **{name: processed(name) for name in TABLES},
        manifest=MANIFEST,
    log:
        log("publish_processed"),
    conda:
        "../envs/buig.yaml"
    shell:
        publish_command(TABLES + ["manifest"])
