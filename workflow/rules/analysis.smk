# Stage 2: the analyses, one rule per chapter, then one register of all figures.


rule analyse_budget:
    input:
        **processed_tables(),
        code=package_sources(),
        manifest=f"{PROCESSED}/{{gemeente}}/{{jaar}}/manifest.json",
        reference=reference_inputs,
    output:
        result("analysis/budget.json"),
    log:
        "logs/{gemeente}/{jaar}/analyse_budget.log",
    conda:
        "../envs/buig.yaml"
    params:
        reference_dir=REFERENCE,
        figures=figure_params(),
        tables=TABLES,
    script:
        "../scripts/analyse_budget.py"


rule analyse_participatie:
    input:
        code=package_sources(),
        participatiebudget=processed("participatiebudget"),
        manifest=f"{PROCESSED}/{{gemeente}}/{{jaar}}/manifest.json",
    output:
        result("analysis/participatie.json"),
    log:
        "logs/{gemeente}/{jaar}/analyse_participatie.log",
    conda:
        "../envs/buig.yaml"
    params:
        figures=figure_params(),
    script:
        "../scripts/analyse_participatie.py"


rule figure_register:
    input:
        code=package_sources(),
        budget=result("analysis/budget.json"),
        participatie=result("analysis/participatie.json"),
    output:
        json=result("rapport/figurenregister.json"),
        csv=result("rapport/figurenregister.csv"),
        layout=result("analysis/layout.json"),
    log:
        "logs/{gemeente}/{jaar}/figure_register.log",
    conda:
        "../envs/buig.yaml"
    script:
        "../scripts/figure_register.py"
