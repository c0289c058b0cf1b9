# Stage 3: charts, the HTML report and the PDF report.


rule charts:
    input:
        code=package_sources(),
        register=result("rapport/figurenregister.json"),
        layout=result("analysis/layout.json"),
    output:
        result("charts/charts.json"),
    log:
        "logs/{gemeente}/{jaar}/charts.log",
    conda:
        "../envs/buig.yaml"
    script:
        "../scripts/charts.py"


rule render_html:
    input:
        code=package_sources(),
        register=result("rapport/figurenregister.json"),
        layout=result("analysis/layout.json"),
        charts=result("charts/charts.json"),
        manifest=f"{PROCESSED}/{{gemeente}}/{{jaar}}/manifest.json",
        narrative=narrative_inputs,
        templates=sorted(str(p) for p in Path("reports/templates").glob("*")),
    output:
        report_name("html"),
    log:
        "logs/{gemeente}/{jaar}/render_html.log",
    conda:
        "../envs/buig.yaml"
    params:
        drop_dir=lambda wildcards: str(drop_dir(wildcards)),
        template_dir=lambda wildcards, input: str(Path(input.templates[0]).parent),
        figures=figure_params(),
    script:
        "../scripts/render_html.py"


rule render_pdf:
    input:
        code=package_sources(),
        html=report_name("html"),
        register_csv=result("rapport/figurenregister.csv"),
        manifest=f"{PROCESSED}/{{gemeente}}/{{jaar}}/manifest.json",
    output:
        report_name("pdf"),
    log:
        "logs/{gemeente}/{jaar}/render_pdf.log",
    conda:
        "../envs/buig.yaml"
    script:
        "../scripts/render_pdf.py"
