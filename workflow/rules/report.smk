# Stage 3: charts (two jobs side by side, one per chart group), then the HTML report and the PDF report (one job: a narrative change re-runs only it),
# then publish makes report, register and processed tables the current version in one atomic switch.


rule grafieken:
    input:
        code=package_sources("report"),
        register=result("analysis/figurenregister.json"),
        chapters=chart_chapters,
    output:
        result("charts/{groep}.json"),
    log:
        log("grafieken_{groep}"),
    conda:
        "../envs/buig.yaml"
    script:
        "../scripts/grafieken.py"


rule render_report:
    input:
        code=package_sources("report"),
        register=result("analysis/figurenregister.json"),
        register_csv=result("analysis/figurenregister.csv"),
        chapters=chapters(*CHAPTERS),
        charts=charts(),
        checks=result("analysis/controles.json"),
        manifest=MANIFEST,
        narrative=narrative_inputs,
        sources=drop_sources_note,
        templates=template_inputs(),
        configs=config_files(),
    output:
        html=result("staging/rapport.html"),
        pdf=result("staging/rapport.pdf"),
        layout=result("staging/opmaakcontrole.json"),
    log:
        log("render_report"),
    conda:
        "../envs/buig.yaml"
    params:
        drop_dir=lambda wildcards: str(drop_dir(wildcards)),
        template_dir=lambda wildcards, input: template_dir(input.templates),
        report_dir=lambda wildcards, output: str(Path(output.html).parent),
        settings=report_settings(),
        default_settings=shipped_settings(),
        narrative_kb=config.get("limieten", {}).get("narratief_kb", 200),
        pdf_register=config.get("rapport", {}).get(
            "pdf_figurenregister", "samenvatting"
        ),
    script:
        "../scripts/render_report.py"


localrules:
    publish,


rule publish:
    input:
        # The raw files too: a changed or still refused drop is never taken as published.
        raw=drop_inputs,
        narrative=narrative_inputs,
        tables=staged_tables(*TABLES),
        manifest=MANIFEST,
        html=result("staging/rapport.html"),
        pdf=result("staging/rapport.pdf"),
        register_json=result("analysis/figurenregister.json"),
        register_csv=result("analysis/figurenregister.csv"),
    output:
        publication(),
    log:
        log("publish"),
    conda:
        "../envs/buig.yaml"
    params:
        drop_results=lambda wildcards: result("").format(**wildcards).rstrip("/"),
        processed_link=lambda wildcards: f"{PROCESSED}/{wildcards.gemeente}/{wildcards.jaar}",
        report_name=lambda wildcards: f"BUIG-analyse-{wildcards.gemeente}-{wildcards.jaar}",
    script:
        "../scripts/publish.py"
