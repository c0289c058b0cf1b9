# Stage 1: validate every raw file of a drop and write clean, typed tables to the drop's staging
# folder. They reach data/processed only with the report, in one publication (rule publish), so a
# bad new drop never replaces the tables of the last good run nor separates them from its report.


rule validate_drop:
    input:
        code=package_sources("ingest"),
        raw=drop_inputs,
        reference=reference_inputs,
    output:
        **{name: staged(name) for name in TABLES},
        manifest=MANIFEST,
    log:
        log("validate_drop"),
    conda:
        "../envs/buig.yaml"
    params:
        drop_dir=lambda wildcards: str(drop_dir(wildcards)),
        reference_dir=REFERENCE,
        history_years=config["history_years"],
        min_count=config["privacy"]["min_count"],
        limits=config.get("limieten", {}),
    script:
        "../scripts/validate_drop.py"
