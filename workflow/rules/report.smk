# Stage 3: charts, then the HTML report and the PDF report (one job: a narrative change re-runs only it),
# then publish_report puts report and register into rapport/ together, only when all succeeded.


rule charts:
    input:
        code=package_sources(),
        register=result("analysis/figurenregister.json"),
        layout=result("analysis/layout.json"),
    output:
        result("charts/charts.json"),
    log:
        "logs/{gemeente}/{jaar}/charts.log",
    conda:
        "../envs/buig.yaml"
    script:
        "../scripts/charts.py"


rule render_report:
    input:
        code=package_sources(),
        register=result("analysis/figurenregister.json"),
        register_csv=result("analysis/figurenregister.csv"),
        layout=result("analysis/layout.json"),
        charts=result("charts/charts.json"),
        checks=result("analysis/controles.json"),
        manifest=f"{PROCESSED}/{{gemeente}}/{{jaar}}/manifest.json",
        narrative=narrative_inputs,
        templates=sorted(str(p) for p in Path("reports/templates").glob("*")),
    output:
        **staged_report(),
    log:
        "logs/{gemeente}/{jaar}/render_report.log",
    conda:
        "../envs/buig.yaml"
    params:
        drop_dir=lambda wildcards: str(drop_dir(wildcards)),
        template_dir=lambda wildcards, input: str(Path(input.templates[0]).parent),
        figures=figure_params(),
    script:
        "../scripts/render_report.py"


rule publish_report:
    input:
        html=result("staging/rapport.html"),
        pdf=result("staging/rapport.pdf"),
        register_json=result("analysis/figurenregister.json"),
        register_csv=result("analysis/figurenregister.csv"),
    output:
        html=report_name("html"),
        pdf=report_name("pdf"),
        register_json=result("rapport/figurenregister.json"),
        register_csv=result("rapport/figurenregister.csv"),
    log:
        "logs/{gemeente}/{jaar}/publish_report.log",
    conda:
        "../envs/buig.yaml"
    shell:
        publish_command(["html", "pdf", "register_json", "register_csv"])
