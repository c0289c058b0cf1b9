# Stage 3: charts, then the HTML report and the PDF report (one job: a narrative change re-runs only it),
# then publish_report puts report and register into rapport/ together, only when all succeeded.


rule grafieken:
    input:
        code=package_sources("report"),
        register=result("analysis/figurenregister.json"),
        chapters=chapters(*ANALYSES),
    output:
        result("charts/charts.json"),
    log:
        log("grafieken"),
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
        charts=result("charts/charts.json"),
        checks=result("analysis/controles.json"),
        manifest=MANIFEST,
        narrative=narrative_inputs,
        templates=template_inputs(),
    output:
        html=temp(result("staging/rapport.html")),
        pdf=temp(result("staging/rapport.pdf")),
    log:
        log("render_report"),
    conda:
        "../envs/buig.yaml"
    params:
        drop_dir=lambda wildcards: str(drop_dir(wildcards)),
        template_dir=lambda wildcards, input: template_dir(input.templates),
        report_dir=lambda wildcards, output: str(Path(output.html).parent),
        settings=report_settings(),
    script:
        "../scripts/render_report.py"


localrules:
    publish_report,


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
        log("publish_report"),
    conda:
        "../envs/buig.yaml"
    shell:
        publish_command(["html", "pdf", "register_json", "register_csv"])
